/**
 * DICOM files for the Orthanc tests and the import benchmark: the real
 * samples in `dicom/`, rewritten with new UIDs into multi-series studies, and
 * large generated instances made from one template.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import dcmjs, { type DcmjsDataset } from 'dcmjs';

// dcmjs logs a warning for every odd element it meets; the samples have several.
dcmjs.log.setLevel('error');

/** The real samples, by transfer syntax. */
export const SAMPLES = {
  /** CT, Explicit VR Little Endian. */
  ctExplicit: 'CT_small.dcm',
  /** MR, Explicit VR Little Endian. */
  mrExplicit: 'MR_small.dcm',
  /** The same MR image, RLE Lossless. */
  mrRle: 'MR_small_RLE.dcm',
  /** The same MR image, JPEG-LS Lossless. */
  mrJpegLs: 'MR_small_jpeg_ls_lossless.dcm',
  /** The same MR image, JPEG 2000 Lossless Only. */
  mrJpeg2000Lossless: 'MR_small_jp2klossless.dcm',
  /** RGB secondary capture, JPEG Baseline (process 1). */
  rgbJpegBaseline: 'SC_rgb_jpeg_dcmtk.dcm',
  /** RGB secondary capture with two frames, RLE Lossless. */
  rgbRleTwoFrames: 'SC_rgb_rle_2frame.dcm',
  /** NM, JPEG Extended (process 2 and 4). */
  nmJpegExtended: 'JPEG-lossy.dcm',
  /** NM, JPEG 2000. */
  nmJpeg2000: 'JPEG2000.dcm',
} as const;

export type SampleName = keyof typeof SAMPLES;

/**
 * UID root for generated test data: `1.2.826.0.1.3680043.8.498` is the
 * example root that pydicom and dcmtk use, so these UIDs never collide with
 * those of a real device.
 */
export const TEST_UID_ROOT = '1.2.826.0.1.3680043.8.498.';

/** Makes a random UID under the test root, `length` characters long (at most 64). */
export function newUid(length = 64): string {
  const digits = length - TEST_UID_ROOT.length;
  if (digits < 1 || length > 64) throw new Error(`A UID under ${TEST_UID_ROOT} cannot be ${length} characters long.`);
  // A UID component must not start with 0.
  let suffix = String(randomInt(1, 10));
  while (suffix.length < digits) suffix += String(randomInt(0, 10));
  return TEST_UID_ROOT + suffix;
}

/** Reads a sample file from `dicom/`. */
export function readSample(name: SampleName): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`dicom/${SAMPLES[name]}`, import.meta.url)));
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function readUid(dataset: DcmjsDataset, tag: string): string {
  const value = dataset[tag]?.Value?.[0];
  if (typeof value !== 'string') throw new Error(`The DICOM file has no ${tag}.`);
  return value;
}

/** Attributes to set when rewriting a file. */
export interface DicomRewrite {
  patientId?: string;
  patientName?: string;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  seriesNumber?: number;
  instanceNumber?: number;
  studyDescription?: string;
  institutionName?: string;
  /** ImageComments (0020,4000); the tests' Lua filter rejects the value `studyline-reject`. */
  imageComments?: string;
  /** Removes SeriesInstanceUID (0020,000E), which makes Orthanc reject the file. */
  removeSeriesInstanceUid?: boolean;
}

/**
 * Rewrites a Part 10 file with dcmjs, keeping its transfer syntax and pixel
 * data. The SOP Instance UID changes in the file meta information as well.
 */
export function rewriteDicom(bytes: Uint8Array, rewrite: DicomRewrite): Uint8Array {
  const file = dcmjs.data.DicomMessage.readFile(toArrayBuffer(bytes));
  const set = (tag: string, vr: string, value: unknown): void => {
    if (value !== undefined) file.dict[tag] = { vr, Value: [value] };
  };
  set('00100020', 'LO', rewrite.patientId);
  set('00100010', 'PN', rewrite.patientName === undefined ? undefined : { Alphabetic: rewrite.patientName });
  set('0020000D', 'UI', rewrite.studyInstanceUid);
  set('0020000E', 'UI', rewrite.seriesInstanceUid);
  set('00200011', 'IS', rewrite.seriesNumber);
  set('00200013', 'IS', rewrite.instanceNumber);
  set('00081030', 'LO', rewrite.studyDescription);
  set('00080080', 'LO', rewrite.institutionName);
  set('00204000', 'LT', rewrite.imageComments);
  if (rewrite.sopInstanceUid !== undefined) {
    set('00080018', 'UI', rewrite.sopInstanceUid);
    file.meta['00020003'] = { vr: 'UI', Value: [rewrite.sopInstanceUid] };
  }
  if (rewrite.removeSeriesInstanceUid) delete file.dict['0020000E'];
  return new Uint8Array(file.write());
}

/** One instance of a generated study, with the bytes as loaded into the server. */
export interface GeneratedInstance {
  sample?: SampleName;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  data: Uint8Array;
}

export interface GeneratedStudy {
  studyInstanceUid: string;
  patientId: string;
  instances: GeneratedInstance[];
}

/**
 * Makes one study from samples: each inner list is one series, and every
 * instance gets a new SOP Instance UID, so the same sample may appear twice.
 */
export function makeSampleStudy(
  series: readonly (readonly SampleName[])[],
  patientId = 'STUDYLINE-TEST-1',
  attributes: Pick<DicomRewrite, 'studyDescription' | 'institutionName'> = {},
): GeneratedStudy {
  const studyInstanceUid = newUid();
  const instances: GeneratedInstance[] = [];
  series.forEach((samples, seriesIndex) => {
    const seriesInstanceUid = newUid();
    samples.forEach((sample, instanceIndex) => {
      const sopInstanceUid = newUid();
      const data = rewriteDicom(readSample(sample), {
        patientId,
        patientName: 'Studyline^Test',
        studyInstanceUid,
        seriesInstanceUid,
        sopInstanceUid,
        seriesNumber: seriesIndex + 1,
        instanceNumber: instanceIndex + 1,
        ...attributes,
      });
      const meta = dcmjs.data.DicomMessage.readFile(toArrayBuffer(data)).meta;
      instances.push({ sample, seriesInstanceUid, sopInstanceUid, transferSyntaxUid: readUid(meta, '00020010'), data });
    });
  });
  return { studyInstanceUid, patientId, instances };
}

export interface LargeStudyOptions {
  instances: number;
  /** Approximate size of each Part 10 file in bytes; the pixel data makes up almost all of it. */
  instanceBytes: number;
  /** Number of series the instances are spread over. Default 1. */
  series?: number;
  patientId?: string;
}

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

/** Finds every offset of `needle` in `haystack`. */
function offsetsOf(haystack: Uint8Array, needle: Uint8Array): number[] {
  const offsets: number[] = [];
  let index = Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(needle);
  while (index !== -1) {
    offsets.push(index);
    index = Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(needle, index + 1);
  }
  return offsets;
}

/**
 * Describes a study of many large, uncompressed CT instances and yields their
 * files one at a time, so a generator of gigabytes needs one file of memory.
 *
 * One template is written with dcmjs; each instance is a copy with its UIDs
 * replaced in place. All UIDs are 64 characters long, so every element keeps
 * its length.
 */
export function makeLargeStudy(options: LargeStudyOptions): {
  studyInstanceUid: string;
  seriesInstanceUids: string[];
  files(): Generator<GeneratedInstance>;
} {
  const seriesCount = options.series ?? 1;
  const studyInstanceUid = newUid();
  const seriesInstanceUids = Array.from({ length: seriesCount }, () => newUid());
  const columns = 512;
  const rows = Math.max(1, Math.round(options.instanceBytes / (columns * 2)));
  const templateSeries = newUid();
  const templateSop = newUid();

  const meta: DcmjsDataset = {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [CT_IMAGE_STORAGE] },
    '00020003': { vr: 'UI', Value: [templateSop] },
    '00020010': { vr: 'UI', Value: [EXPLICIT_VR_LITTLE_ENDIAN] },
    '00020012': { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.1'] },
  };
  const pixels = new Uint16Array(rows * columns);
  for (let index = 0; index < pixels.length; index++) pixels[index] = (index * 7 + (index >> 9) * 13) & 0x0fff;
  const template = new dcmjs.data.DicomDict(meta);
  template.dict = {
    '00080005': { vr: 'CS', Value: ['ISO_IR 192'] },
    '00080016': { vr: 'UI', Value: [CT_IMAGE_STORAGE] },
    '00080018': { vr: 'UI', Value: [templateSop] },
    '00080020': { vr: 'DA', Value: ['20240102'] },
    '00080030': { vr: 'TM', Value: ['101500'] },
    '00080060': { vr: 'CS', Value: ['CT'] },
    '00081030': { vr: 'LO', Value: ['Generated large study'] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Studyline^Benchmark' }] },
    '00100020': { vr: 'LO', Value: [options.patientId ?? 'STUDYLINE-BENCH-1'] },
    '0020000D': { vr: 'UI', Value: [studyInstanceUid] },
    '0020000E': { vr: 'UI', Value: [templateSeries] },
    '00200011': { vr: 'IS', Value: [1] },
    '00200013': { vr: 'IS', Value: [1] },
    '00280002': { vr: 'US', Value: [1] },
    '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
    '00280010': { vr: 'US', Value: [rows] },
    '00280011': { vr: 'US', Value: [columns] },
    '00280100': { vr: 'US', Value: [16] },
    '00280101': { vr: 'US', Value: [12] },
    '00280102': { vr: 'US', Value: [11] },
    '00280103': { vr: 'US', Value: [0] },
    '7FE00010': { vr: 'OW', Value: [pixels.buffer] },
  };
  const templateBytes = new Uint8Array(template.write());
  const encoder = new TextEncoder();
  const seriesOffsets = offsetsOf(templateBytes, encoder.encode(templateSeries));
  const sopOffsets = offsetsOf(templateBytes, encoder.encode(templateSop));
  if (seriesOffsets.length !== 1 || sopOffsets.length !== 2) {
    throw new Error('The generated template does not contain its UIDs where expected.');
  }

  return {
    studyInstanceUid,
    seriesInstanceUids,
    *files() {
      for (let index = 0; index < options.instances; index++) {
        const seriesInstanceUid = seriesInstanceUids[index % seriesCount];
        const sopInstanceUid = newUid();
        const data = templateBytes.slice();
        data.set(encoder.encode(seriesInstanceUid), seriesOffsets[0]);
        for (const offset of sopOffsets) data.set(encoder.encode(sopInstanceUid), offset);
        yield { seriesInstanceUid, sopInstanceUid, transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN, data };
      }
    },
  };
}
