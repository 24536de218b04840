/**
 * Estimates of the Part 10 size of instances from their WADO-RS metadata
 * (DICOM JSON), made before anything is retrieved.
 */
import { Tag, readInteger, type DicomJsonAttribute, type DicomJsonDataset } from '@studyline/core';

const PIXEL_DATA = '7FE00010';
const SAMPLES_PER_PIXEL = '00280002';
const BITS_ALLOCATED = '00280100';
/** Preamble, `DICM` and a typical file meta group, in bytes. */
const FILE_META_BYTES = 132 + 200;
/** Tag, VR and length of an explicit VR element with a 4-byte length field. */
const ELEMENT_HEADER_BYTES = 12;

function base64Length(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - padding;
}

function valueBytes(attribute: DicomJsonAttribute): number {
  if (typeof attribute.InlineBinary === 'string') return base64Length(attribute.InlineBinary);
  if (!Array.isArray(attribute.Value)) return 0;
  let total = 0;
  for (const value of attribute.Value) {
    if (typeof value === 'string') total += value.length + 1;
    else if (typeof value === 'number') total += 8;
    else if (typeof value === 'object' && value !== null) {
      if (attribute.vr === 'SQ') total += 16 + datasetBytes(value as DicomJsonDataset);
      else total += Object.values(value as Record<string, unknown>).reduce<number>((sum, part) => sum + String(part).length + 1, 0);
    }
  }
  return total;
}

/** Approximates the encoded size of the attributes other than the pixel data. */
function datasetBytes(dataset: DicomJsonDataset): number {
  let total = 0;
  for (const [tag, attribute] of Object.entries(dataset)) {
    if (tag === PIXEL_DATA || attribute === undefined) continue;
    total += ELEMENT_HEADER_BYTES + valueBytes(attribute);
  }
  return total;
}

/**
 * Returns the uncompressed size of an instance's pixel data: rows × columns
 * × samples per pixel × bits allocated / 8 × frames. Returns undefined when
 * the image attributes are missing.
 */
export function pixelDataBytes(dataset: DicomJsonDataset): number | undefined {
  const pixelData = dataset[PIXEL_DATA];
  if (pixelData !== undefined && typeof pixelData.InlineBinary === 'string') return base64Length(pixelData.InlineBinary);
  const rows = readInteger(dataset, Tag.Rows);
  const columns = readInteger(dataset, Tag.Columns);
  const bitsAllocated = readInteger(dataset, BITS_ALLOCATED);
  if (rows === undefined || columns === undefined || bitsAllocated === undefined) return undefined;
  const samples = readInteger(dataset, SAMPLES_PER_PIXEL) ?? 1;
  const frames = readInteger(dataset, Tag.NumberOfFrames) ?? 1;
  return Math.ceil((rows * columns * samples * frames * bitsAllocated) / 8);
}

/** Running totals of a size estimate over several metadata responses. */
export interface SizeTotals {
  bytes: number;
  instances: number;
  instancesWithoutImageSize: number;
}

/** Adds one instance's estimated Part 10 size to the totals. */
export function addInstanceEstimate(totals: SizeTotals, dataset: DicomJsonDataset): void {
  const pixels = pixelDataBytes(dataset);
  // An instance without image attributes (a report, a presentation state) is its attributes only.
  if (pixels === undefined && dataset[PIXEL_DATA] !== undefined) totals.instancesWithoutImageSize++;
  totals.bytes += FILE_META_BYTES + datasetBytes(dataset) + (pixels ?? 0);
  totals.instances++;
}
