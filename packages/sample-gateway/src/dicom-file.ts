/**
 * Reading of DICOM Part 10 files with dcmjs, conversion of dcmjs data sets to
 * the DICOM JSON model (PS3.18 Annex F), and the keyword dictionary.
 */
import dcmjs, { type DcmjsDataset, type DcmjsElement, type DicomDict } from 'dcmjs';
import type { DicomJsonAttribute, DicomJsonDataset } from '@studyline/core';

// dcmjs logs a warning for every odd element it meets, and the sample files have several.
dcmjs.log.setLevel('error');

/** Copies the bytes of a view into an ArrayBuffer of their own, as dcmjs needs. */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/**
 * Parses a Part 10 file. With `stopAtPixelData` the parser stops at Pixel
 * Data (7FE0,0010) and leaves that element without a value, which is all an
 * index needs. Throws when the bytes are not a Part 10 file dcmjs can read.
 */
export function readPart10(bytes: Uint8Array, options: { stopAtPixelData?: boolean } = {}): DicomDict {
  return dcmjs.data.DicomMessage.readFile(toArrayBuffer(bytes), {
    ignoreErrors: false,
    untilTag: options.stopAtPixelData ? '7FE00010' : null,
    includeUntilTagValue: false,
    noCopy: false,
    forceStoreRaw: false,
  });
}

/** Returns the first value of a string element, trimmed, or undefined when it is absent or empty. */
export function firstString(dataset: DcmjsDataset, tag: string): string | undefined {
  const value = dataset[tag]?.Value?.[0];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.replace(/\0+$/, '').trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Returns the first value of a number element, or undefined when it is absent or not a finite number. */
export function firstNumber(dataset: DcmjsDataset, tag: string): number | undefined {
  const value = dataset[tag]?.Value?.[0];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

const NUMBER_VRS = new Set(['DS', 'IS', 'US', 'SS', 'UL', 'SL', 'FL', 'FD', 'SV', 'UV']);
const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
/** Pixel data elements, which metadata responses leave out as bulk data. */
const PIXEL_DATA_TAGS = new Set(['7FE00010', '7FE00008', '7FE00009']);
/**
 * Binary values up to this size go inline as base64 in metadata; larger ones
 * are left out. A choice for this sample server: the standard lets a server
 * send any binary value as InlineBinary or as a BulkDataURI.
 */
const MAX_INLINE_BINARY_BYTES = 4096;

function personNameToJson(value: unknown): Record<string, string> | null {
  if (typeof value === 'string') {
    const [alphabetic, ideographic, phonetic] = value.split('=');
    const name: Record<string, string> = {};
    if (alphabetic) name.Alphabetic = alphabetic.trim();
    if (ideographic) name.Ideographic = ideographic.trim();
    if (phonetic) name.Phonetic = phonetic.trim();
    return Object.keys(name).length === 0 ? null : name;
  }
  if (typeof value === 'object' && value !== null) {
    const name: Record<string, string> = {};
    for (const group of ['Alphabetic', 'Ideographic', 'Phonetic']) {
      const text = (value as Record<string, unknown>)[group];
      if (typeof text === 'string' && text.trim() !== '') name[group] = text.trim();
    }
    return Object.keys(name).length === 0 ? null : name;
  }
  return null;
}

function numberToJson(value: unknown): number | string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') return null;
    const number = Number(trimmed);
    return Number.isFinite(number) ? number : null;
  }
  return null;
}

function stringToJson(value: unknown): string | null {
  if (typeof value !== 'string') return value === null || value === undefined ? null : String(value);
  const trimmed = value.replace(/[\0 ]+$/, '');
  return trimmed === '' ? null : trimmed;
}

function attributeTagToJson(value: unknown): string | null {
  if (typeof value === 'number') return value.toString(16).toUpperCase().padStart(8, '0');
  if (typeof value === 'string' && /^[0-9A-Fa-f]{8}$/.test(value)) return value.toUpperCase();
  return null;
}

function binaryToJson(values: readonly unknown[]): DicomJsonAttribute['InlineBinary'] | undefined {
  const buffers = values.filter((value): value is ArrayBuffer => value instanceof ArrayBuffer);
  const total = buffers.reduce((sum, buffer) => sum + buffer.byteLength, 0);
  if (total === 0 || total > MAX_INLINE_BINARY_BYTES) return undefined;
  return Buffer.concat(buffers.map((buffer) => Buffer.from(buffer))).toString('base64');
}

/**
 * Converts one dcmjs element to a DICOM JSON attribute, or returns undefined
 * when the element is bulk data that a metadata response leaves out.
 */
function elementToJson(tag: string, element: DcmjsElement): DicomJsonAttribute | undefined {
  const vr = element.vr;
  const values = Array.isArray(element.Value) ? element.Value : [];
  if (PIXEL_DATA_TAGS.has(tag)) return undefined;
  if (vr === undefined) return undefined;

  if (BINARY_VRS.has(vr)) {
    if (values.length === 0) return { vr };
    const inline = binaryToJson(values);
    return inline === undefined ? undefined : { vr, InlineBinary: inline };
  }

  let converted: unknown[];
  if (vr === 'SQ') {
    converted = values.map((item) => datasetToDicomJson(item as DcmjsDataset));
  } else if (vr === 'PN') {
    converted = values.map(personNameToJson);
  } else if (NUMBER_VRS.has(vr)) {
    converted = values.map(numberToJson);
  } else if (vr === 'AT') {
    converted = values.map(attributeTagToJson);
  } else {
    converted = values.map(stringToJson);
  }
  // An element whose values are all empty has no Value in DICOM JSON, while
  // empty values among others stay as null (PS3.18 section F.2.5).
  if (converted.length === 0 || converted.every((value) => value === null)) return { vr };
  return { vr, Value: converted };
}

/** Converts a dcmjs data set to the DICOM JSON model, leaving out pixel data and large binary values. */
export function datasetToDicomJson(dataset: DcmjsDataset): DicomJsonDataset {
  const json: DicomJsonDataset = {};
  for (const tag of Object.keys(dataset).sort()) {
    const element = dataset[tag];
    if (element === undefined || !/^[0-9A-F]{8}$/.test(tag)) continue;
    const attribute = elementToJson(tag, element);
    if (attribute !== undefined) json[tag] = attribute;
  }
  return json;
}

/**
 * Resolves a DICOM keyword (`StudyDate`) or an 8-digit tag (`00080020`, any
 * case) to the upper-case tag. Returns undefined for anything else.
 */
export function resolveTag(keywordOrTag: string): string | undefined {
  if (/^[0-9A-Fa-f]{8}$/.test(keywordOrTag)) return keywordOrTag.toUpperCase();
  const entry = dcmjs.data.DicomMetaDictionary.nameMap[keywordOrTag];
  if (entry === undefined) return undefined;
  const tag = entry.tag.replace(/[(),]/g, '');
  return /^[0-9A-Fa-f]{8}$/.test(tag) ? tag.toUpperCase() : undefined;
}

/** Names a tag for messages: `StudyDate (0008,0020)`, or just `(0008,0020)` when the dictionary has no keyword. */
export function describeTag(tag: string): string {
  const formatted = `(${tag.slice(0, 4)},${tag.slice(4, 8)})`;
  const entry = dcmjs.data.DicomMetaDictionary.dictionary[formatted];
  return entry?.name ? `${entry.name} ${formatted}` : formatted;
}

/** Tells whether the data dictionary gives a tag a sequence or binary VR, on which no query can match. */
export function isSequenceOrBinaryTag(tag: string): boolean {
  const entry = dcmjs.data.DicomMetaDictionary.dictionary[`(${tag.slice(0, 4)},${tag.slice(4, 8)})`];
  // dcmjs writes "ox" for OB or OW (Pixel Data) and "OB or OW" style alternatives for others.
  return entry !== undefined && /SQ|O[BDFLVW]|ox|UN/.test(entry.vr);
}

/** Returns the VR that the data dictionary gives a tag, or undefined for unknown and private tags. */
export function dictionaryVr(tag: string): string | undefined {
  const entry = dcmjs.data.DicomMetaDictionary.dictionary[`(${tag.slice(0, 4)},${tag.slice(4, 8)})`];
  if (entry === undefined) return undefined;
  // Alternatives such as "US or SS" need the data to decide.
  return /^[A-Z]{2}$/.test(entry.vr) ? entry.vr : undefined;
}
