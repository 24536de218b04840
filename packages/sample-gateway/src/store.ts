/**
 * The instance index of one source: which Part 10 files it holds, with the
 * attributes that QIDO-RS, WADO-RS and metadata need. The files stay on disk,
 * and only their attributes without pixel data are kept in memory.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileMetaInformation, isPart10, normalizeUid, isValidUid, type DicomJsonDataset } from '@studyline/core';
import { datasetToDicomJson, firstNumber, firstString, readPart10 } from './dicom-file.js';

/** One stored instance. */
export interface InstanceRecord {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  /** TransferSyntaxUID (0002,0010) of the file as stored. */
  transferSyntaxUid: string;
  /** Absolute path of the Part 10 file. */
  path: string;
  /** File size in bytes. */
  size: number;
  seriesNumber?: number;
  instanceNumber?: number;
  numberOfFrames: number;
  /** True when the data set has Pixel Data, so that it can be rendered. */
  isImage: boolean;
  /** All top-level attributes except pixel data and large binary values. */
  dataset: DicomJsonDataset;
}

/**
 * Error for a file that cannot be indexed, with the Failure Reason (0008,1197)
 * that a store response gives for it (Storage Service statuses, PS3.4 Annex B.2.3).
 */
export class InvalidInstanceError extends Error {
  override readonly name = 'InvalidInstanceError';
  constructor(
    message: string,
    readonly failureReason: number,
    readonly sopInstanceUid?: string,
    readonly sopClassUid?: string,
  ) {
    super(message);
  }
}

/** Failure Reason 0xC000: Error, cannot understand. */
export const FAILURE_CANNOT_UNDERSTAND = 0xc000;
/** Failure Reason 0xA900: Error, data set does not match SOP Class. */
export const FAILURE_DATA_SET_MISMATCH = 0xa900;
/** Failure Reason 0x0110: processing failure. */
export const FAILURE_PROCESSING = 0x0110;

function requireUid(value: string | undefined, name: string, sopInstanceUid?: string): string {
  const uid = value === undefined ? undefined : normalizeUid(value);
  if (uid === undefined || !isValidUid(uid)) {
    throw new InvalidInstanceError(
      value === undefined ? `The data set has no ${name}.` : `The ${name} of the data set is not a valid UID.`,
      FAILURE_DATA_SET_MISMATCH,
      sopInstanceUid,
    );
  }
  return uid;
}

/**
 * Reads the attributes of one Part 10 file for the index. Throws
 * InvalidInstanceError when the bytes are not Part 10, cannot be parsed, or
 * lack one of the UIDs that place an instance in a study.
 */
export function indexPart10(bytes: Uint8Array, path: string): InstanceRecord {
  if (!isPart10(bytes)) {
    throw new InvalidInstanceError('The content is not a DICOM Part 10 file (no preamble and "DICM" prefix).', FAILURE_CANNOT_UNDERSTAND);
  }
  const meta = readFileMetaInformation(bytes);
  let parsed;
  try {
    parsed = readPart10(bytes, { stopAtPixelData: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidInstanceError(`The DICOM file could not be parsed: ${reason}`, FAILURE_CANNOT_UNDERSTAND, meta?.sopInstanceUid);
  }
  const dataset = parsed.dict;
  const sopInstanceText = firstString(dataset, '00080018') ?? meta?.sopInstanceUid;
  const sopInstanceUid = requireUid(sopInstanceText, 'SOP Instance UID (0008,0018)');
  const sopClassUid = requireUid(firstString(dataset, '00080016') ?? meta?.sopClassUid, 'SOP Class UID (0008,0016)', sopInstanceUid);
  const studyInstanceUid = requireUid(firstString(dataset, '0020000D'), 'Study Instance UID (0020,000D)', sopInstanceUid);
  const seriesInstanceUid = requireUid(firstString(dataset, '0020000E'), 'Series Instance UID (0020,000E)', sopInstanceUid);
  const transferSyntaxUid = meta?.transferSyntaxUid ?? firstString(parsed.meta, '00020010');
  if (transferSyntaxUid === undefined) {
    throw new InvalidInstanceError('The file meta information has no Transfer Syntax UID (0002,0010).', FAILURE_CANNOT_UNDERSTAND, sopInstanceUid);
  }

  return {
    studyInstanceUid,
    seriesInstanceUid,
    sopInstanceUid,
    sopClassUid,
    transferSyntaxUid,
    path,
    size: bytes.byteLength,
    seriesNumber: firstNumber(dataset, '00200011'),
    instanceNumber: firstNumber(dataset, '00200013'),
    numberOfFrames: firstNumber(dataset, '00280008') ?? 1,
    isImage: '7FE00010' in dataset,
    dataset: datasetToDicomJson(dataset),
  };
}

function compareNumbers(a: number | undefined, b: number | undefined): number {
  return (a ?? Number.MAX_SAFE_INTEGER) - (b ?? Number.MAX_SAFE_INTEGER);
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Orders instances by series number, instance number and then UID, so that every listing is stable. */
export function compareInstances(a: InstanceRecord, b: InstanceRecord): number {
  return (
    compareNumbers(a.seriesNumber, b.seriesNumber) ||
    compareText(a.seriesInstanceUid, b.seriesInstanceUid) ||
    compareNumbers(a.instanceNumber, b.instanceNumber) ||
    compareText(a.sopInstanceUid, b.sopInstanceUid)
  );
}

/** The instances of one source, by study, series and SOP Instance UID. */
export class InstanceStore {
  private readonly studies = new Map<string, Map<string, Map<string, InstanceRecord>>>();
  private readonly bySopInstanceUid = new Map<string, InstanceRecord>();

  constructor(readonly sourceKey: string) {}

  /** Adds an instance. An instance with the same SOP Instance UID is replaced, even when it was in another series. */
  add(record: InstanceRecord): { replaced: boolean } {
    const previous = this.bySopInstanceUid.get(record.sopInstanceUid);
    if (previous !== undefined) this.remove(previous);
    let series = this.studies.get(record.studyInstanceUid);
    if (series === undefined) {
      series = new Map();
      this.studies.set(record.studyInstanceUid, series);
    }
    let instances = series.get(record.seriesInstanceUid);
    if (instances === undefined) {
      instances = new Map();
      series.set(record.seriesInstanceUid, instances);
    }
    instances.set(record.sopInstanceUid, record);
    this.bySopInstanceUid.set(record.sopInstanceUid, record);
    return { replaced: previous !== undefined };
  }

  private remove(record: InstanceRecord): void {
    const series = this.studies.get(record.studyInstanceUid);
    const instances = series?.get(record.seriesInstanceUid);
    instances?.delete(record.sopInstanceUid);
    if (instances?.size === 0) series?.delete(record.seriesInstanceUid);
    if (series?.size === 0) this.studies.delete(record.studyInstanceUid);
    this.bySopInstanceUid.delete(record.sopInstanceUid);
  }

  get studyCount(): number {
    return this.studies.size;
  }

  get instanceCount(): number {
    return this.bySopInstanceUid.size;
  }

  studyInstanceUids(): string[] {
    return [...this.studies.keys()];
  }

  hasStudy(studyInstanceUid: string): boolean {
    return this.studies.has(studyInstanceUid);
  }

  /** Returns all instances, studies in order of insertion, then in series and instance order. */
  allInstances(): InstanceRecord[] {
    return this.studyInstanceUids().flatMap((uid) => this.studyInstances(uid));
  }

  /** Returns the instances of a study, or of one of its series, in series and instance order. An unknown study gives none. */
  studyInstances(studyInstanceUid: string, seriesInstanceUid?: string): InstanceRecord[] {
    const series = this.studies.get(studyInstanceUid);
    if (series === undefined) return [];
    const lists = seriesInstanceUid === undefined ? [...series.values()] : [series.get(seriesInstanceUid) ?? new Map()];
    return lists.flatMap((instances) => [...instances.values()]).sort(compareInstances);
  }

  instance(studyInstanceUid: string, seriesInstanceUid: string, sopInstanceUid: string): InstanceRecord | undefined {
    return this.studies.get(studyInstanceUid)?.get(seriesInstanceUid)?.get(sopInstanceUid);
  }
}

/**
 * Indexes every `.dcm` file under a folder into the store. Returns the
 * number of files indexed and the files that could not be, with the reason.
 */
export async function loadDirectory(
  directory: string,
  store: InstanceStore,
): Promise<{ indexed: number; skipped: { path: string; reason: string }[] }> {
  let names: string[];
  try {
    names = await readdir(directory, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { indexed: 0, skipped: [] };
    throw error;
  }
  const skipped: { path: string; reason: string }[] = [];
  let indexed = 0;
  for (const name of names.filter((entry) => entry.endsWith('.dcm')).sort()) {
    const path = join(directory, name);
    try {
      store.add(indexPart10(await readFile(path), path));
      indexed++;
    } catch (error) {
      skipped.push({ path, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { indexed, skipped };
}
