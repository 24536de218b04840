/**
 * An in-memory patient history for the stories and the fast tests of
 * `<studyline-patient-history>`, so that they need no server. Three sources
 * (the own hospital and two others) sit behind `combineSources`. Each one
 * searches, lists series, draws thumbnails, streams synthetic images and
 * stores instances, so an import from an external source really lands in the
 * own source, and its next search lists the study.
 */
import {
  combineSources,
  type CombinedAdapter,
  type DicomInstance,
  type InstanceInfo,
  type InstanceStream,
  type RenderedImageRequest,
  type RequestOptions,
  type RetrieveOptions,
  type SearchOptions,
  type Series,
  type SourceInfo,
  type SourceStatus,
  type StoreOptions,
  type StoreResult,
  type Study,
  type StudyLocator,
  type StudySearchQuery,
  type StudySearchResult,
  type StudySizeEstimate,
  type StudylineAdapter,
} from '@studyline/core';
import { MemoryAdapter, makeInstances, type MemoryInstance } from '../../../../core/src/test-support/memory-adapter.js';
import { SyntheticAdapter, syntheticStudy, type SyntheticSeries } from '../../study-preview/test-support/synthetic-adapter.js';

export const MEMORY_OWN: SourceInfo = { id: 'own', label: 'Studyline Medisch Centrum', kind: 'internal' };
export const MEMORY_RIJNSTAD: SourceInfo = { id: 'rijnstad', label: 'Rijnstad Ziekenhuis', kind: 'external' };
export const MEMORY_NOORDZEE: SourceInfo = { id: 'noordzee', label: 'Noordzee Kliniek', kind: 'external' };

/** Size of each stored instance in bytes, small so that an import in a story finishes in a moment. */
const INSTANCE_BYTES = 40_000;

/** One study of the history, with its series and the sources that have it. */
export interface MemoryHistoryEntry {
  study: Study;
  series: readonly SyntheticSeries[];
  holders: readonly SourceInfo[];
}

const CT_THORAX: SyntheticSeries[] = [
  { modality: 'CT', description: 'Thorax met contrast', bodyPart: 'CHEST', instances: 8 },
  { modality: 'CT', description: 'Thorax longvenster', bodyPart: 'CHEST', instances: 8 },
  { modality: 'SR', description: 'Verslag', instances: 1 },
];
const CT_ABDOMEN: SyntheticSeries[] = [
  { modality: 'CT', description: 'Abdomen veneuze fase', bodyPart: 'ABDOMEN', instances: 6 },
  { modality: 'SR', description: 'Verslag', instances: 1 },
];
const MR_KNEE: SyntheticSeries[] = [
  { modality: 'MR', description: 'PD sagittaal', bodyPart: 'KNEE', instances: 5 },
  { modality: 'MR', description: 'T1 coronaal', bodyPart: 'KNEE', instances: 5 },
];
const MR_BRAIN: SyntheticSeries[] = [{ modality: 'MR', description: 'T2 transversaal', bodyPart: 'BRAIN', instances: 6 }];
const XRAY_CHEST: SyntheticSeries[] = [{ modality: 'DX', description: 'Thorax PA', bodyPart: 'CHEST', instances: 1 }];
const XRAY_HAND: SyntheticSeries[] = [{ modality: 'CR', description: 'Hand rechts', bodyPart: 'HAND', instances: 2 }];
const US_ABDOMEN: SyntheticSeries[] = [{ modality: 'US', description: 'Bovenbuik', bodyPart: 'ABDOMEN', instances: 4 }];
const NM_BONE: SyntheticSeries[] = [{ modality: 'NM', description: 'Skeletscintigrafie', bodyPart: 'WHOLEBODY', instances: 2 }];

function entry(
  uid: string,
  date: string,
  description: string,
  series: SyntheticSeries[],
  holders: readonly SourceInfo[],
  accessionNumber: string,
): MemoryHistoryEntry {
  const study = syntheticStudy({ uid, date, description, series, accessionNumber, source: holders[0] });
  study.bodyParts = [...new Set(series.map((item) => item.bodyPart).filter((part): part is string => part !== undefined))];
  return { study, series, holders };
}

/**
 * Fourteen studies from 2014 to 2025: nine at the own hospital (one of them
 * also at Rijnstad), three only at Rijnstad and two only at Noordzee.
 * Accession numbers start with SMC, RZ or NK after the source that made the study.
 */
export function memoryHistoryEntries(): MemoryHistoryEntry[] {
  const own = [MEMORY_OWN];
  return [
    entry('501', '2025-03-14', 'CT thorax controle', CT_THORAX, own, 'SMC25-0311'),
    entry('502', '2024-11-02', 'CT abdomen', CT_ABDOMEN, [MEMORY_RIJNSTAD], 'RZ-2024-08812'),
    entry('503', '2024-06-20', 'Thorax PA', XRAY_CHEST, own, 'SMC24-1190'),
    entry('504', '2023-09-08', 'MRI knie links', MR_KNEE, [MEMORY_NOORDZEE], 'NK-23-4471'),
    entry('505', '2023-02-17', 'CT thorax', CT_THORAX, [MEMORY_OWN, MEMORY_RIJNSTAD], 'SMC23-0207'),
    entry('506', '2022-07-30', 'Echo bovenbuik', US_ABDOMEN, own, 'SMC22-0731'),
    entry('507', '2021-12-12', 'MRI hersenen', MR_BRAIN, [MEMORY_RIJNSTAD], 'RZ-2021-40213'),
    entry('508', '2021-04-03', 'Hand rechts', XRAY_HAND, own, 'SMC21-0402'),
    entry('509', '2020-01-21', 'Skeletscintigrafie', NM_BONE, own, 'SMC20-0120'),
    entry('510', '2019-05-15', 'CT abdomen', CT_ABDOMEN, own, 'SMC19-0515'),
    entry('511', '2018-10-09', 'MRI knie rechts', MR_KNEE, [MEMORY_NOORDZEE], 'NK-18-2210'),
    entry('512', '2017-03-27', 'Thorax PA', XRAY_CHEST, [MEMORY_RIJNSTAD], 'RZ-2017-11802'),
    entry('513', '2015-08-19', 'Echo bovenbuik', US_ABDOMEN, own, 'SMC15-0819'),
    entry('514', '2014-02-06', 'MRI hersenen', MR_BRAIN, own, 'SMC14-0206'),
  ];
}

/** Resolves after `milliseconds`, or rejects with the signal's reason when it aborts first. */
function wait(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    function onAbort(): void {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface MemorySourceOptions {
  /** Delay of a search, in milliseconds. */
  searchDelayMs: number;
  /** Status of every search, complete by default. */
  status?: SourceStatus;
}

/**
 * One source of the in-memory history. Series, thumbnails and the images of
 * one series come from a `SyntheticAdapter`. Instance lists, whole-study
 * retrieves and stores go to a `MemoryAdapter`, whose instances decide which
 * studies a search returns.
 */
export class MemoryHistorySource implements StudylineAdapter {
  readonly sources: readonly SourceInfo[];
  /** Number of searches so far. */
  searches = 0;
  options: MemorySourceOptions;
  private readonly entries: readonly MemoryHistoryEntry[];
  private readonly images: SyntheticAdapter;
  private readonly store: MemoryAdapter;

  constructor(source: SourceInfo, entries: readonly MemoryHistoryEntry[], options: MemorySourceOptions) {
    this.sources = [source];
    this.entries = entries;
    this.options = options;
    this.images = new SyntheticAdapter(entries, { delayMs: 120 });
    const catalog: MemoryInstance[] = entries.flatMap((item) => instancesOf(item));
    const held = entries.filter((item) => item.holders.some((holder) => holder.id === source.id)).flatMap((item) => instancesOf(item));
    this.store = new MemoryAdapter(source, held, catalog);
  }

  async searchStudies(_query: StudySearchQuery, options: SearchOptions = {}): Promise<StudySearchResult> {
    this.searches++;
    await wait(this.options.searchDelayMs, options.signal);
    const source = this.sources[0];
    const heldUids = new Set([...this.store.instances.values()].map((instance) => instance.studyInstanceUid));
    const studies = this.entries
      .filter((item) => heldUids.has(item.study.studyInstanceUid))
      .map((item): Study => ({ ...item.study, sources: [{ source }], institution: item.holders[0].label }));
    return { studies, sources: [{ source, status: this.options.status ?? { state: 'complete' }, studyCount: studies.length }] };
  }

  listSeries(study: StudyLocator, options?: RequestOptions): Promise<Series[]> {
    return this.images.listSeries(study, options);
  }

  listInstances(study: StudyLocator, options?: RequestOptions): Promise<InstanceInfo[]> {
    return this.store.listInstances(study, options);
  }

  fetchRenderedImage(request: RenderedImageRequest, options?: RequestOptions): Promise<Blob> {
    return this.images.fetchRenderedImage(request, options);
  }

  /** Streams one series' synthetic images for the viewer, or the stored instances of the whole study for an import or download. */
  retrieveStudy(study: StudyLocator, options: RetrieveOptions = {}): InstanceStream {
    if (options.seriesInstanceUid !== undefined) return this.images.retrieveStudy(study, options);
    return this.store.retrieveStudy(study, options);
  }

  async storeInstances(instances: AsyncIterable<DicomInstance> | Iterable<DicomInstance>, options?: StoreOptions): Promise<StoreResult> {
    return this.store.storeInstances(instances, options);
  }

  async estimateStudySize(study: StudyLocator): Promise<StudySizeEstimate> {
    const count = (await this.store.listInstances(study)).length;
    return { bytes: count * INSTANCE_BYTES, instances: count, method: 'uncompressed-pixel-data', instancesWithoutImageSize: 0 };
  }
}

function instancesOf(item: MemoryHistoryEntry): MemoryInstance[] {
  const count = item.series.reduce((sum, series) => sum + series.instances, 0);
  return makeInstances(item.study.studyInstanceUid, count, Math.max(item.series.length, 1), INSTANCE_BYTES);
}

export interface MemoryHistory {
  /** The three sources combined, as a host would pass them to `adapter`. */
  adapter: CombinedAdapter;
  own: MemoryHistorySource;
  rijnstad: MemoryHistorySource;
  noordzee: MemoryHistorySource;
  entries: MemoryHistoryEntry[];
}

export interface MemoryHistoryOptions {
  /** Search delay of each source in milliseconds, so that a story shows the sources responding one by one. */
  delaysMs?: Partial<Record<'own' | 'rijnstad' | 'noordzee', number>>;
  /** Makes Noordzee report a list that the server cut short, as the sample gateway's Noordzee does. */
  noordzeeTruncated?: boolean;
}

/** Builds the in-memory history: the own hospital, Rijnstad and Noordzee, combined with the own hospital as store target. */
export function makeMemoryHistory(options: MemoryHistoryOptions = {}): MemoryHistory {
  const entries = memoryHistoryEntries();
  const delays = { own: 200, rijnstad: 600, noordzee: 1100, ...options.delaysMs };
  const own = new MemoryHistorySource(MEMORY_OWN, entries, { searchDelayMs: delays.own });
  const rijnstad = new MemoryHistorySource(MEMORY_RIJNSTAD, entries, { searchDelayMs: delays.rijnstad });
  const noordzee = new MemoryHistorySource(MEMORY_NOORDZEE, entries, {
    searchDelayMs: delays.noordzee,
    status: options.noordzeeTruncated
      ? { state: 'incomplete', reason: 'server-truncated', message: 'Result limited to 2 of 5 matching studies' }
      : undefined,
  });
  const adapter = combineSources([own, rijnstad, noordzee], { storeTarget: own });
  return { adapter, own, rijnstad, noordzee, entries };
}
