/**
 * Reads the content tree of a DICOM Structured Report (PS3.3 C.17.3) into
 * plain nodes that the preview shows as text: headings for containers, and a
 * name and value for text, codes, numbers, dates, person names and
 * references. dcmjs parses the Part 10 file; it loads on the first report.
 */
import { StudylineError, keepStorageItem, timestampFromDicomDateTime, type StudyTimestamp } from '@studyline/core';

/** One content item of the report, with the items it contains. */
export interface ReportNode {
  /** The item's ValueType (0040,A040), such as `CONTAINER`, `TEXT`, `NUM` or `CODE`. */
  valueType: string;
  /** The meaning of its ConceptNameCodeSequence, such as "Finding". */
  name?: string;
  /** The value as text: a text, a code's meaning, a number with its unit, a date, a person name. */
  value?: string;
  /** True for a reference to an image, a waveform or another object (`IMAGE`, `WAVEFORM`, `COMPOSITE`). */
  reference?: boolean;
  /** The date of a `DATE` or `DATETIME` item, for display in the page's language; `value` is its ISO text. */
  timestamp?: StudyTimestamp;
  children: ReportNode[];
}

/** One SR document, read for display. */
export interface StructuredReportContent {
  /** The root container's concept name, such as "Imaging Report". */
  title?: string;
  /** CompletionFlag (0040,A491): `COMPLETE` or `PARTIAL`. */
  completion?: string;
  /** VerificationFlag (0040,A493): `VERIFIED` or `UNVERIFIED`. */
  verification?: string;
  /** The root container's items. */
  nodes: ReportNode[];
  /** True when the tree was cut at `MAX_NODES` items or `MAX_DEPTH` levels. */
  truncated: boolean;
}

/** Limits that keep a malformed or hostile document from hanging the page. */
const MAX_NODES = 5000;
const MAX_DEPTH = 32;

const REFERENCE_TYPES = new Set(['IMAGE', 'WAVEFORM', 'COMPOSITE']);

interface DcmjsElement {
  vr?: string;
  Value?: unknown[];
}
type DcmjsDataset = Record<string, DcmjsElement | undefined>;
interface DcmjsModule {
  data: { DicomMessage: { readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): { dict: DcmjsDataset } } };
  log?: { setLevel?(level: string, persist?: boolean): void };
}

let dcmjsPromise: Promise<DcmjsModule> | undefined;

/** Loads dcmjs once. The specifier is cast so that the type checker needs no declaration of the untyped package. */
function loadDcmjs(): Promise<DcmjsModule> {
  // dcmjs sets its logger's level when it loads, and loglevel stores that level in localStorage.
  dcmjsPromise ??= keepStorageItem('loglevel', async () => {
    const module = (await import('dcmjs' as string)) as { default?: DcmjsModule } & DcmjsModule;
    const dcmjs = module.default ?? module;
    dcmjs.log?.setLevel?.('error', false);
    return dcmjs;
  });
  return dcmjsPromise;
}

/** TextDecoder labels of the single-byte and Unicode character sets of SpecificCharacterSet (0008,0005). */
const CHARACTER_SETS: Readonly<Record<string, string>> = {
  'ISO_IR 192': 'utf-8',
  'ISO_IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO_IR 148': 'iso-8859-9',
  'ISO_IR 166': 'windows-874',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

/** Code points that windows-1252 gives the bytes 0x80 to 0x9F, by code point. */
const WINDOWS_1252_HIGH: Readonly<Record<number, number>> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02c6: 0x88, 0x2030: 0x89,
  0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95,
  0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98, 0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};

type TextRepair = (text: string) => string;

const keepText: TextRepair = (text) => text;

/**
 * Returns a function that decodes text inside sequence items again with the
 * data set's character set. NOTE: dcmjs 0.51 reads each sequence item with a
 * new stream whose decoder is windows-1252, whatever SpecificCharacterSet
 * declares, so "ë" in UTF-8 arrives as "Ã«". The function turns such text back
 * into its bytes and decodes them with the right character set, and keeps
 * text that does not decode (UTF-8 is decoded strictly).
 */
export function nestedTextRepair(dataset: DcmjsDataset): TextRepair {
  const element = dataset['00080005'] as (DcmjsElement & { _rawValue?: unknown[] }) | undefined;
  const declared = element?._rawValue?.[0] ?? element?.Value?.[0];
  const label = typeof declared === 'string' ? CHARACTER_SETS[declared.trim().toUpperCase()] : undefined;
  if (label === undefined) return keepText;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: label === 'utf-8' });
  } catch {
    return keepText;
  }
  return (text) => {
    if (!/[^\u0000-\u007f]/.test(text)) return text;
    const bytes = new Uint8Array(text.length);
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      const byte = code <= 0xff ? code : WINDOWS_1252_HIGH[code];
      if (byte === undefined) return text;
      bytes[index] = byte;
    }
    try {
      return decoder.decode(bytes);
    } catch {
      return text;
    }
  };
}

const TAG = {
  valueType: '0040A040',
  conceptName: '0040A043',
  content: '0040A730',
  textValue: '0040A160',
  conceptCode: '0040A168',
  measuredValue: '0040A300',
  numericValue: '0040A30A',
  units: '004008EA',
  date: '0040A121',
  time: '0040A122',
  dateTime: '0040A120',
  personName: '0040A123',
  uid: '0040A124',
  codeValue: '00080100',
  codeMeaning: '00080104',
  completion: '0040A491',
  verification: '0040A493',
} as const;

function firstValue(dataset: DcmjsDataset | undefined, tag: string): unknown {
  const values = dataset?.[tag]?.Value;
  return Array.isArray(values) ? values[0] : undefined;
}

function text(dataset: DcmjsDataset | undefined, tag: string, repair: TextRepair = keepText): string | undefined {
  const value = firstValue(dataset, tag);
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = repair(value).replace(/\0+$/, '').trim();
  return trimmed === '' ? undefined : trimmed;
}

function items(dataset: DcmjsDataset | undefined, tag: string): DcmjsDataset[] {
  const values = dataset?.[tag]?.Value;
  return Array.isArray(values) ? values.filter((item): item is DcmjsDataset => typeof item === 'object' && item !== null) : [];
}

/** Returns a code sequence's meaning, else its code value. */
function codeText(dataset: DcmjsDataset | undefined, tag: string, repair: TextRepair): string | undefined {
  const code = items(dataset, tag)[0];
  return text(code, TAG.codeMeaning, repair) ?? text(code, TAG.codeValue, repair);
}

/** Writes a person name's alphabetic group as "Given Family" where the `^` components allow it. */
function personName(dataset: DcmjsDataset, repair: TextRepair): string | undefined {
  const value = firstValue(dataset, TAG.personName);
  const raw = typeof value === 'string' ? value : (value as { Alphabetic?: unknown } | undefined)?.Alphabetic;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = repair(raw).split('=')[0].split('^');
  return [prefix, given, middle, family, suffix].filter((part) => part.trim() !== '').join(' ');
}

/** Formats a DA `YYYYMMDD` as `YYYY-MM-DD`, and a TM `HHMMSS` as `HH:MM:SS`; other text stays as sent. */
function dicomDate(value: string): string {
  return /^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}` : value;
}

function dicomTime(value: string): string {
  const match = /^(\d{2})(\d{2})?(\d{2})?/.exec(value);
  return match === null ? value : [match[1], match[2], match[3]].filter((part) => part !== undefined).join(':');
}

function itemValue(item: DcmjsDataset, valueType: string, repair: TextRepair): string | undefined {
  switch (valueType) {
    case 'TEXT':
      return text(item, TAG.textValue, repair);
    case 'CODE':
      return codeText(item, TAG.conceptCode, repair);
    case 'NUM': {
      const measured = items(item, TAG.measuredValue)[0];
      const number = text(measured, TAG.numericValue);
      if (number === undefined) return undefined;
      const unit = items(measured, TAG.units)[0];
      const unitText = text(unit, TAG.codeValue, repair) ?? text(unit, TAG.codeMeaning, repair);
      return unitText === undefined || unitText === '1' ? number : `${number} ${unitText}`;
    }
    case 'DATE': {
      const value = text(item, TAG.date);
      return value === undefined ? undefined : dicomDate(value);
    }
    case 'TIME': {
      const value = text(item, TAG.time);
      return value === undefined ? undefined : dicomTime(value);
    }
    case 'DATETIME': {
      const value = text(item, TAG.dateTime);
      return value === undefined ? undefined : `${dicomDate(value.slice(0, 8))} ${dicomTime(value.slice(8))}`.trim();
    }
    case 'PNAME':
      return personName(item, repair);
    case 'UIDREF':
      return text(item, TAG.uid);
    default:
      return undefined;
  }
}

/**
 * Reads an SR data set (as dcmjs reads it, keyed by 8-digit tag) into
 * nodes. Items without a name or value and without children are left out.
 */
export function reportFromDataset(dataset: DcmjsDataset): StructuredReportContent {
  const nestedRepair = nestedTextRepair(dataset);
  let count = 0;
  let truncated = false;
  const read = (item: DcmjsDataset, depth: number): ReportNode | undefined => {
    if (count >= MAX_NODES || depth > MAX_DEPTH) {
      truncated = true;
      return undefined;
    }
    count++;
    // The root's own attributes are decoded right; everything inside a sequence item needs the repair.
    const repair = depth === 0 ? keepText : nestedRepair;
    const valueType = text(item, TAG.valueType)?.toUpperCase() ?? 'UNKNOWN';
    const node: ReportNode = { valueType, children: [] };
    const name = codeText(item, TAG.conceptName, nestedRepair);
    if (name !== undefined) node.name = name;
    const value = itemValue(item, valueType, repair);
    if (value !== undefined) node.value = value;
    if (REFERENCE_TYPES.has(valueType)) node.reference = true;
    const dateText = valueType === 'DATE' ? text(item, TAG.date) : valueType === 'DATETIME' ? text(item, TAG.dateTime) : undefined;
    const timestamp = dateText === undefined ? undefined : timestampFromDicomDateTime(dateText);
    if (timestamp !== undefined) node.timestamp = timestamp;
    for (const child of items(item, TAG.content)) {
      const childNode = read(child, depth + 1);
      if (childNode !== undefined) node.children.push(childNode);
    }
    const empty = node.name === undefined && node.value === undefined && node.reference !== true && node.children.length === 0;
    return empty ? undefined : node;
  };

  const root = read(dataset, 0);
  const content: StructuredReportContent = { nodes: root?.children ?? [], truncated };
  if (root?.name !== undefined) content.title = root.name;
  const completion = text(dataset, TAG.completion);
  if (completion !== undefined) content.completion = completion.toUpperCase();
  const verification = text(dataset, TAG.verification);
  if (verification !== undefined) content.verification = verification.toUpperCase();
  return content;
}

/**
 * Reads one SR instance (DICOM Part 10). Throws a StudylineError with code
 * `parse` for bytes that dcmjs cannot read.
 */
export async function readStructuredReport(bytes: Uint8Array): Promise<StructuredReportContent> {
  const dcmjs = await loadDcmjs();
  let dataset: DcmjsDataset;
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    dataset = dcmjs.data.DicomMessage.readFile(buffer, { ignoreErrors: false }).dict;
  } catch (error) {
    throw new StudylineError('parse', 'The report is not a DICOM file that can be read.', { cause: error });
  }
  return reportFromDataset(dataset);
}
