/**
 * Reading of an XDS-I.b imaging manifest: a DICOM Key Object Selection
 * Document (SOP Class 1.2.840.10008.5.1.4.1.1.88.59). Its Current Requested
 * Procedure Evidence Sequence (0040,A375) lists every referenced instance by
 * study and series. Retrieve Location UID (0040,E011) names the Imaging
 * Document Source of each series.
 *
 * dcmjs is loaded when the first manifest is read, so pages that only show
 * the timeline do not download it.
 */
import { StudylineError, keepStorageItem, normalizeUid } from '@studyline/core';
import { KOS_SOP_CLASS_UID } from './vocabulary.js';

/** One referenced instance. */
export interface ManifestInstance {
  sopClassUid?: string;
  sopInstanceUid: string;
}

/** One referenced series with where to retrieve it. */
export interface ManifestSeries {
  seriesInstanceUid: string;
  /** Retrieve Location UID (0040,E011): the repositoryUniqueId of the Imaging Document Source. */
  retrieveLocationUid?: string;
  /** Retrieve AE Title (0008,0054), when sent. */
  retrieveAeTitle?: string;
  /** Retrieve URL (0008,1190), when sent. */
  retrieveUrl?: string;
  instances: ManifestInstance[];
}

export interface ManifestStudy {
  studyInstanceUid: string;
  series: ManifestSeries[];
}

/** The parts of a manifest that retrieval needs. */
export interface ImagingManifest {
  sopInstanceUid?: string;
  /** Study Instance UID (0020,000D) of the manifest itself. */
  studyInstanceUid?: string;
  studies: ManifestStudy[];
}

interface DcmjsElement {
  vr?: string;
  Value?: unknown[];
}
type DcmjsDataset = Record<string, DcmjsElement | undefined>;
interface DcmjsModule {
  data: {
    DicomMessage: { readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): { meta: DcmjsDataset; dict: DcmjsDataset } };
  };
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

function firstString(dataset: DcmjsDataset | undefined, tag: string): string | undefined {
  const value = dataset?.[tag]?.Value?.[0];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.replace(/\0+$/, '').trim();
  return trimmed === '' ? undefined : trimmed;
}

function uid(dataset: DcmjsDataset | undefined, tag: string): string | undefined {
  const value = firstString(dataset, tag);
  return value === undefined ? undefined : normalizeUid(value);
}

function items(dataset: DcmjsDataset | undefined, tag: string): DcmjsDataset[] {
  const values = dataset?.[tag]?.Value;
  return Array.isArray(values) ? values.filter((item): item is DcmjsDataset => typeof item === 'object' && item !== null) : [];
}

/**
 * Reads a manifest's evidence. Throws a StudylineError with code `parse` for
 * bytes that dcmjs cannot read and for a document of another SOP class.
 */
export async function readImagingManifest(bytes: Uint8Array): Promise<ImagingManifest> {
  const dcmjs = await loadDcmjs();
  let parsed: { meta: DcmjsDataset; dict: DcmjsDataset };
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    parsed = dcmjs.data.DicomMessage.readFile(buffer, { ignoreErrors: false });
  } catch (error) {
    throw new StudylineError('parse', 'The imaging manifest is not a DICOM file that can be read.', { cause: error });
  }
  const dataset = parsed.dict;
  const sopClassUid = uid(dataset, '00080016') ?? uid(parsed.meta, '00020002');
  if (sopClassUid !== KOS_SOP_CLASS_UID) {
    throw new StudylineError('parse', `The imaging manifest has SOP Class UID ${sopClassUid ?? '(none)'} instead of Key Object Selection Document.`);
  }

  const studies: ManifestStudy[] = [];
  for (const studyItem of items(dataset, '0040A375')) {
    const studyInstanceUid = uid(studyItem, '0020000D');
    if (studyInstanceUid === undefined) continue;
    let study = studies.find((candidate) => candidate.studyInstanceUid === studyInstanceUid);
    if (study === undefined) {
      study = { studyInstanceUid, series: [] };
      studies.push(study);
    }
    for (const seriesItem of items(studyItem, '00081115')) {
      const seriesInstanceUid = uid(seriesItem, '0020000E');
      if (seriesInstanceUid === undefined) continue;
      const series: ManifestSeries = { seriesInstanceUid, instances: [] };
      const location = uid(seriesItem, '0040E011');
      if (location !== undefined) series.retrieveLocationUid = location;
      const aeTitle = firstString(seriesItem, '00080054');
      if (aeTitle !== undefined) series.retrieveAeTitle = aeTitle;
      const url = firstString(seriesItem, '00081190');
      if (url !== undefined) series.retrieveUrl = url;
      for (const instanceItem of items(seriesItem, '00081199')) {
        const sopInstanceUid = uid(instanceItem, '00081155');
        if (sopInstanceUid === undefined) continue;
        const instance: ManifestInstance = { sopInstanceUid };
        const instanceClass = uid(instanceItem, '00081150');
        if (instanceClass !== undefined) instance.sopClassUid = instanceClass;
        series.instances.push(instance);
      }
      study.series.push(series);
    }
  }

  const manifest: ImagingManifest = { studies };
  const sopInstanceUid = uid(dataset, '00080018');
  if (sopInstanceUid !== undefined) manifest.sopInstanceUid = sopInstanceUid;
  const studyInstanceUid = uid(dataset, '0020000D');
  if (studyInstanceUid !== undefined) manifest.studyInstanceUid = studyInstanceUid;
  return manifest;
}

/** Storage SOP classes and the modality their instances normally have, for series whose manifest names no modality. */
const MODALITY_BY_SOP_CLASS: Readonly<Record<string, string>> = {
  '1.2.840.10008.5.1.4.1.1.1': 'CR',
  '1.2.840.10008.5.1.4.1.1.1.1': 'DX',
  '1.2.840.10008.5.1.4.1.1.1.1.1': 'DX',
  '1.2.840.10008.5.1.4.1.1.1.2': 'MG',
  '1.2.840.10008.5.1.4.1.1.1.2.1': 'MG',
  '1.2.840.10008.5.1.4.1.1.1.3': 'IO',
  '1.2.840.10008.5.1.4.1.1.2': 'CT',
  '1.2.840.10008.5.1.4.1.1.2.1': 'CT',
  '1.2.840.10008.5.1.4.1.1.4': 'MR',
  '1.2.840.10008.5.1.4.1.1.4.1': 'MR',
  '1.2.840.10008.5.1.4.1.1.6.1': 'US',
  '1.2.840.10008.5.1.4.1.1.3.1': 'US',
  '1.2.840.10008.5.1.4.1.1.12.1': 'XA',
  '1.2.840.10008.5.1.4.1.1.12.2': 'RF',
  '1.2.840.10008.5.1.4.1.1.20': 'NM',
  '1.2.840.10008.5.1.4.1.1.128': 'PT',
  '1.2.840.10008.5.1.4.1.1.130': 'PT',
  '1.2.840.10008.5.1.4.1.1.13.1.3': 'MG',
  '1.2.840.10008.5.1.4.1.1.88.11': 'SR',
  '1.2.840.10008.5.1.4.1.1.88.22': 'SR',
  '1.2.840.10008.5.1.4.1.1.88.33': 'SR',
  '1.2.840.10008.5.1.4.1.1.88.34': 'SR',
  '1.2.840.10008.5.1.4.1.1.88.59': 'KO',
  '1.2.840.10008.5.1.4.1.1.104.1': 'DOC',
  '1.2.840.10008.5.1.4.1.1.11.1': 'PR',
};

/** Returns the modality that instances of a SOP class normally have, or undefined when the class does not tell. */
export function modalityOfSopClass(sopClassUid: string | undefined): string | undefined {
  return sopClassUid === undefined ? undefined : MODALITY_BY_SOP_CLASS[sopClassUid];
}
