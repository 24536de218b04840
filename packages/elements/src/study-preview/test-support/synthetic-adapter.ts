/**
 * An in-memory StudylineAdapter for stories and tests that need no server:
 * series lists, drawn thumbnails, and synthetic DICOM Part 10 images
 * (Explicit VR Little Endian, 16-bit MONOCHROME2) that the Cornerstone3D
 * image loader decodes like real ones.
 */
import {
  StudylineError,
  type InstanceStream,
  type RenderedImageRequest,
  type RequestOptions,
  type RetrieveOptions,
  type RetrieveResult,
  type Series,
  type SourceInfo,
  type StoreResult,
  type Study,
  type StudyLocator,
  type StudySearchResult,
  type StudylineAdapter,
  type DicomInstance,
} from '@studyline/core';

export const SYNTHETIC_SOURCE: SourceInfo = { id: 'synthetic', label: 'Studyline Medisch Centrum', kind: 'internal' };
export const SYNTHETIC_EXTERNAL_SOURCE: SourceInfo = { id: 'synthetic-external', label: 'Rijnstad Ziekenhuis', kind: 'external' };

const UID_ROOT = '1.2.826.0.1.3680043.8.498.99';
const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

export interface SyntheticSeries {
  modality: string;
  description: string;
  bodyPart?: string;
  instances: number;
}

export interface SyntheticAdapterOptions {
  /** Delay of every response, in milliseconds. Default 150. */
  delayMs?: number;
  /** Makes `listSeries` fail with this HTTP status. */
  failSeriesList?: number;
  /** Makes `listSeries` never settle, to show the loading state. */
  neverListSeries?: boolean;
  /** Series numbers (from 1) whose thumbnails fail with HTTP 500. */
  failThumbnails?: readonly number[];
  /** Makes every rendered image reject with code `not-supported`, as an XDS-I.b source does. */
  noRenderedImages?: boolean;
  /** Sends the instances of a retrieve in reverse order of InstanceNumber. */
  reverseRetrieve?: boolean;
  /** Side of the synthetic images in pixels. Default 128. */
  imageSize?: number;
}

function wait(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(resolve, milliseconds);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** Builds a study with the given series, as an adapter would return it. */
export function syntheticStudy(options: {
  uid: string;
  date: string;
  description: string;
  series: readonly SyntheticSeries[];
  accessionNumber?: string;
  source?: SourceInfo;
}): Study {
  const [year, month, day] = options.date.split('-').map(Number);
  return {
    studyInstanceUid: `${UID_ROOT}.${options.uid}`,
    timestamp: { date: options.date, time: '10:30', precision: 'minute', epochMs: Date.UTC(year, month - 1, day, 10, 30) },
    description: options.description,
    accessionNumber: options.accessionNumber ?? `SYN-${options.uid}`,
    modalities: [...new Set(options.series.map((series) => series.modality))],
    modalitiesKnown: true,
    bodyParts: [],
    anatomicRegions: [],
    institution: (options.source ?? SYNTHETIC_SOURCE).label,
    performingPhysicians: [],
    numberOfSeries: options.series.length,
    numberOfInstances: options.series.reduce((sum, series) => sum + series.instances, 0),
    sources: [{ source: options.source ?? SYNTHETIC_SOURCE }],
    reports: options.series.some((series) => series.modality === 'SR') ? [{ kind: 'dicom-sr', title: 'Radiology report' }] : [],
    warnings: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Part 10 writing

const encoder = new TextEncoder();

function padded(text: string, padding: string): Uint8Array {
  return encoder.encode(text.length % 2 === 1 ? text + padding : text);
}

function element(group: number, elementNumber: number, vr: string, value: Uint8Array): Uint8Array {
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT'].includes(vr);
  const header = new Uint8Array(long ? 12 : 8);
  const view = new DataView(header.buffer);
  view.setUint16(0, group, true);
  view.setUint16(2, elementNumber, true);
  header[4] = vr.charCodeAt(0);
  header[5] = vr.charCodeAt(1);
  if (long) view.setUint32(8, value.length, true);
  else view.setUint16(6, value.length, true);
  const result = new Uint8Array(header.length + value.length);
  result.set(header);
  result.set(value, header.length);
  return result;
}

const text = (group: number, elementNumber: number, vr: string, value: string): Uint8Array =>
  element(group, elementNumber, vr, padded(value, vr === 'UI' ? '\0' : ' '));

function uint16(group: number, elementNumber: number, value: number): Uint8Array {
  const bytes = new Uint8Array(2);
  new DataView(bytes.buffer).setUint16(0, value, true);
  return element(group, elementNumber, 'US', bytes);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const result = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

/** Draws a phantom: a bright ring and a disc that moves with the instance number, on a dim gradient. */
function phantomPixels(size: number, instanceNumber: number): Uint8Array {
  const pixels = new Uint16Array(size * size);
  const centre = size / 2;
  const discX = centre + (instanceNumber - 2) * size * 0.08;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const radius = Math.hypot(x - centre, y - centre);
      let value = 200 + Math.round((x / size) * 300);
      if (radius < size * 0.42 && radius > size * 0.36) value = 3000;
      else if (radius <= size * 0.36) value = 900 + Math.round(200 * Math.sin((x + y + instanceNumber * 5) / 6));
      if (Math.hypot(x - discX, y - centre) < size * 0.1) value = 2200;
      pixels[y * size + x] = value;
    }
  }
  return new Uint8Array(pixels.buffer);
}

/** Writes a synthetic 16-bit greyscale CT image as a Part 10 file. */
export function syntheticPart10(options: {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  instanceNumber: number;
  modality: string;
  size: number;
}): Uint8Array {
  const meta = concat([
    element(0x0002, 0x0001, 'OB', new Uint8Array([0, 1])),
    text(0x0002, 0x0002, 'UI', CT_IMAGE_STORAGE),
    text(0x0002, 0x0003, 'UI', options.sopInstanceUid),
    text(0x0002, 0x0010, 'UI', EXPLICIT_VR_LITTLE_ENDIAN),
  ]);
  const groupLength = new Uint8Array(4);
  new DataView(groupLength.buffer).setUint32(0, meta.length, true);
  const position = `0\\0\\${options.instanceNumber * 5}`;
  const dataset = concat([
    text(0x0008, 0x0016, 'UI', CT_IMAGE_STORAGE),
    text(0x0008, 0x0018, 'UI', options.sopInstanceUid),
    text(0x0008, 0x0060, 'CS', options.modality),
    text(0x0020, 0x000d, 'UI', options.studyInstanceUid),
    text(0x0020, 0x000e, 'UI', options.seriesInstanceUid),
    text(0x0020, 0x0013, 'IS', String(options.instanceNumber)),
    text(0x0020, 0x0032, 'DS', position),
    text(0x0020, 0x0037, 'DS', '1\\0\\0\\0\\1\\0'),
    uint16(0x0028, 0x0002, 1),
    text(0x0028, 0x0004, 'CS', 'MONOCHROME2'),
    uint16(0x0028, 0x0010, options.size),
    uint16(0x0028, 0x0011, options.size),
    text(0x0028, 0x0030, 'DS', '1\\1'),
    uint16(0x0028, 0x0100, 16),
    uint16(0x0028, 0x0101, 12),
    uint16(0x0028, 0x0102, 11),
    uint16(0x0028, 0x0103, 0),
    text(0x0028, 0x1050, 'DS', '1600'),
    text(0x0028, 0x1051, 'DS', '3200'),
    element(0x7fe0, 0x0010, 'OW', phantomPixels(options.size, options.instanceNumber)),
  ]);
  return concat([new Uint8Array(128), encoder.encode('DICM'), element(0x0002, 0x0000, 'UL', groupLength), meta, dataset]);
}

const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';

/** Writes a sequence of items with defined lengths. */
function sequence(group: number, elementNumber: number, items: readonly Uint8Array[]): Uint8Array {
  const encoded = items.map((item) => {
    const header = new Uint8Array(8);
    const view = new DataView(header.buffer);
    view.setUint16(0, 0xfffe, true);
    view.setUint16(2, 0xe000, true);
    view.setUint32(4, item.length, true);
    return concat([header, item]);
  });
  return element(group, elementNumber, 'SQ', concat(encoded));
}

/** Writes a code item: a code value made from the meaning, a local coding scheme and the meaning. */
const codeItem = (meaning: string): Uint8Array =>
  concat([text(0x0008, 0x0100, 'SH', meaning.slice(0, 16).toUpperCase()), text(0x0008, 0x0102, 'SH', '99SL'), text(0x0008, 0x0104, 'LO', meaning)]);

/** Writes one SR content item: its value type, concept name, text value and children. */
function contentItem(valueType: string, name: string, value?: string, children: readonly Uint8Array[] = []): Uint8Array {
  const parts = [
    text(0x0040, 0xa010, 'CS', 'CONTAINS'),
    text(0x0040, 0xa040, 'CS', valueType),
    sequence(0x0040, 0xa043, [codeItem(name)]),
  ];
  if (valueType === 'CONTAINER') parts.push(text(0x0040, 0xa050, 'CS', 'SEPARATE'));
  if (value !== undefined) parts.push(text(0x0040, 0xa160, 'UT', value));
  if (children.length > 0) parts.push(sequence(0x0040, 0xa730, children));
  return concat(parts);
}

/** Writes a synthetic Comprehensive SR with a findings and an impression section, as a Part 10 file. */
export function syntheticReportPart10(options: { studyInstanceUid: string; seriesInstanceUid: string; sopInstanceUid: string }): Uint8Array {
  const meta = concat([
    element(0x0002, 0x0001, 'OB', new Uint8Array([0, 1])),
    text(0x0002, 0x0002, 'UI', COMPREHENSIVE_SR),
    text(0x0002, 0x0003, 'UI', options.sopInstanceUid),
    text(0x0002, 0x0010, 'UI', EXPLICIT_VR_LITTLE_ENDIAN),
  ]);
  const groupLength = new Uint8Array(4);
  new DataView(groupLength.buffer).setUint32(0, meta.length, true);
  const dataset = concat([
    text(0x0008, 0x0005, 'CS', 'ISO_IR 192'),
    text(0x0008, 0x0016, 'UI', COMPREHENSIVE_SR),
    text(0x0008, 0x0018, 'UI', options.sopInstanceUid),
    text(0x0008, 0x0060, 'CS', 'SR'),
    text(0x0020, 0x000d, 'UI', options.studyInstanceUid),
    text(0x0020, 0x000e, 'UI', options.seriesInstanceUid),
    text(0x0040, 0xa040, 'CS', 'CONTAINER'),
    sequence(0x0040, 0xa043, [codeItem('Imaging Report')]),
    text(0x0040, 0xa050, 'CS', 'SEPARATE'),
    text(0x0040, 0xa491, 'CS', 'COMPLETE'),
    text(0x0040, 0xa493, 'CS', 'VERIFIED'),
    sequence(0x0040, 0xa730, [
      contentItem('CONTAINER', 'Findings', undefined, [
        contentItem('TEXT', 'Finding', 'Geen afwijkingen in de lever. Milt niet vergroot.\r\nGeen vrij vocht; patiënt is geïnformeerd.'),
      ]),
      contentItem('CONTAINER', 'Impression', undefined, [contentItem('TEXT', 'Impression', 'Normaal onderzoek.')]),
    ]),
  ]);
  return concat([new Uint8Array(128), encoder.encode('DICM'), element(0x0002, 0x0000, 'UL', groupLength), meta, dataset]);
}

// ---------------------------------------------------------------------------------------------
// Thumbnails

async function drawThumbnail(size: number, modality: string, seriesNumber: number): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d') as CanvasRenderingContext2D;
  context.fillStyle = '#000';
  context.fillRect(0, 0, size, size);
  const gradient = context.createRadialGradient(size / 2, size / 2, size * 0.05, size / 2, size / 2, size * 0.45);
  gradient.addColorStop(0, '#bbb');
  gradient.addColorStop(1, '#333');
  context.fillStyle = gradient;
  context.beginPath();
  context.arc(size / 2, size / 2, size * 0.4, 0, Math.PI * 2);
  context.fill();
  context.fillStyle = '#fff';
  context.font = `${Math.round(size / 5)}px sans-serif`;
  context.fillText(`${modality} ${seriesNumber}`, size * 0.08, size * 0.92);
  return new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The canvas made no image.'))), 'image/png'));
}

// ---------------------------------------------------------------------------------------------
// Adapter

export class SyntheticAdapter implements StudylineAdapter {
  readonly sources: readonly SourceInfo[] = [SYNTHETIC_SOURCE, SYNTHETIC_EXTERNAL_SOURCE];
  private readonly seriesByStudy = new Map<string, readonly SyntheticSeries[]>();
  private readonly options: SyntheticAdapterOptions;
  /** Number of `fetchRenderedImage` calls so far. */
  renderedRequests = 0;

  constructor(studies: readonly { study: Study; series: readonly SyntheticSeries[] }[], options: SyntheticAdapterOptions = {}) {
    this.options = options;
    for (const { study, series } of studies) this.seriesByStudy.set(study.studyInstanceUid, series);
  }

  private get delayMs(): number {
    return this.options.delayMs ?? 150;
  }

  searchStudies(): Promise<StudySearchResult> {
    return Promise.reject(new StudylineError('not-supported', 'The synthetic adapter does not search.'));
  }

  async listSeries(study: StudyLocator, options: RequestOptions = {}): Promise<Series[]> {
    if (this.options.neverListSeries) await new Promise<never>((_, reject) => options.signal?.addEventListener('abort', () => reject(options.signal?.reason)));
    await wait(this.delayMs, options.signal);
    if (this.options.failSeriesList !== undefined) {
      throw new StudylineError('http', `The server responded with HTTP ${this.options.failSeriesList}.`, { status: this.options.failSeriesList });
    }
    const plans = this.seriesByStudy.get(study.studyInstanceUid) ?? [];
    return plans.map((plan, index) => ({
      studyInstanceUid: study.studyInstanceUid,
      seriesInstanceUid: `${study.studyInstanceUid}.${index + 1}`,
      modality: plan.modality,
      seriesNumber: index + 1,
      description: plan.description,
      bodyPart: plan.bodyPart,
      numberOfInstances: plan.instances,
      sourceId: SYNTHETIC_SOURCE.id,
      warnings: [],
    }));
  }

  listInstances(): Promise<never> {
    return Promise.reject(new StudylineError('not-supported', 'The synthetic adapter does not list instances.'));
  }

  async fetchRenderedImage(request: RenderedImageRequest, options: RequestOptions = {}): Promise<Blob> {
    this.renderedRequests++;
    await wait(this.delayMs, options.signal);
    if (this.options.noRenderedImages) throw new StudylineError('not-supported', 'The synthetic source has no rendered images.');
    const seriesNumber = Number(request.seriesInstanceUid.split('.').pop());
    if (this.options.failThumbnails?.includes(seriesNumber)) {
      throw new StudylineError('http', 'The server responded with HTTP 500.', { status: 500 });
    }
    const plan = this.seriesByStudy.get(request.study.studyInstanceUid)?.[seriesNumber - 1];
    return drawThumbnail(request.viewport?.width ?? 64, plan?.modality ?? '?', seriesNumber);
  }

  retrieveStudy(study: StudyLocator, options: RetrieveOptions = {}): InstanceStream {
    const seriesNumber = Number(options.seriesInstanceUid?.split('.').pop());
    const plan = this.seriesByStudy.get(study.studyInstanceUid)?.[seriesNumber - 1];
    const count = plan?.instances ?? 0;
    const numbers = Array.from({ length: count }, (_, index) => index + 1);
    if (this.options.reverseRetrieve) numbers.reverse();
    let settle: (result: RetrieveResult) => void = () => undefined;
    const result = new Promise<RetrieveResult>((resolve) => {
      settle = resolve;
    });
    const delayMs = this.delayMs;
    const size = this.options.imageSize ?? 128;
    async function* instances(): AsyncGenerator<DicomInstance> {
      let sent = 0;
      let bytes = 0;
      for (const instanceNumber of numbers) {
        await wait(delayMs, options.signal);
        const uids = {
          studyInstanceUid: study.studyInstanceUid,
          seriesInstanceUid: options.seriesInstanceUid ?? '',
          sopInstanceUid: `${options.seriesInstanceUid}.${instanceNumber}`,
        };
        const data =
          plan?.modality === 'SR'
            ? syntheticReportPart10(uids)
            : syntheticPart10({ ...uids, instanceNumber, modality: plan?.modality ?? 'OT', size });
        sent++;
        bytes += data.length;
        yield { data, mediaType: 'application/dicom', transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN };
      }
      settle({ complete: true, instances: sent, bytes });
    }
    return { result, [Symbol.asyncIterator]: instances };
  }

  storeInstances(): Promise<StoreResult> {
    return Promise.reject(new StudylineError('not-supported', 'The synthetic adapter is read-only.'));
  }
}
