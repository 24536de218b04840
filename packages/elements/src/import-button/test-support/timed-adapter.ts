/**
 * In-memory adapters with controllable timing, for the stories and the fast
 * tests of the import and download elements, so they need no server. The
 * source can pause a listing or a retrieve until it is aborted, which keeps
 * a story in one state, and can report a 503 Retry-After wait.
 */
import type {
  DicomInstance,
  InstanceStream,
  RequestOptions,
  RetrieveOptions,
  SourceInfo,
  StoreOptions,
  StoreResult,
  Study,
  StudyLocator,
  StudySizeEstimate,
  StudylineAdapter,
} from '@studyline/core';
import { MemoryAdapter, makeInstances, type MemoryAdapterFaults, type MemoryInstance } from '../../../../core/src/test-support/memory-adapter.js';

export const STORY_EXTERNAL: SourceInfo = { id: 'rijnstad', label: 'Rijnstad Ziekenhuis', kind: 'external' };
export const STORY_INTERNAL: SourceInfo = { id: 'own', label: 'Studyline Medisch Centrum', kind: 'internal' };
export const STORY_STUDY_UID = '1.2.826.0.1.3680043.8.498.77001';

export interface Timing {
  /** Milliseconds before `listInstances` returns. With `Infinity` it waits until the signal aborts. */
  listDelayMs?: number;
  /** Milliseconds before each instance of a retrieve. */
  instanceDelayMs?: number;
  /** The retrieve pauses after this many instances until the signal aborts. */
  holdAfterInstances?: number;
  /** `listInstances` first waits out a 503 Retry-After of this many seconds and reports it through `onRetryAfter`. */
  retryAfterSeconds?: number;
  /** Milliseconds that each store request takes. */
  storeDelayMs?: number;
  /** `estimateStudySize` returns this many bytes after `estimateDelayMs`. Without it the adapter has no estimate. */
  estimateBytes?: number;
  estimateDelayMs?: number;
}

/** Resolves after `milliseconds`, or never for `Infinity`. Rejects with the signal's reason when it aborts. */
function wait(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = Number.isFinite(milliseconds) ? setTimeout(done, milliseconds) : undefined;
    signal?.addEventListener('abort', onAbort, { once: true });
    function done(): void {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      clearTimeout(timer);
      reject(signal?.reason);
    }
  });
}

/** A MemoryAdapter behind delays, pauses and Retry-After waits. */
export class TimedAdapter implements StudylineAdapter {
  readonly sources: readonly SourceInfo[];
  readonly memory: MemoryAdapter;
  timing: Timing;
  estimateStudySize?: (study: StudyLocator, options?: RequestOptions) => Promise<StudySizeEstimate>;

  constructor(memory: MemoryAdapter, timing: Timing = {}) {
    this.memory = memory;
    this.sources = memory.sources;
    this.timing = timing;
    if (timing.estimateBytes !== undefined) {
      const bytes = timing.estimateBytes;
      this.estimateStudySize = async (study, options = {}) => {
        await wait(this.timing.estimateDelayMs ?? 0, options.signal);
        const instances = (await this.memory.listInstances(study)).length;
        return { bytes, instances, method: 'uncompressed-pixel-data', instancesWithoutImageSize: 0 };
      };
    }
  }

  /** Sets the faults of the in-memory adapter, such as a retrieve cut short. */
  set faults(faults: MemoryAdapterFaults) {
    this.memory.faults = faults;
  }

  searchStudies(): never {
    return this.memory.searchStudies();
  }

  listSeries(): never {
    return this.memory.listSeries();
  }

  fetchRenderedImage(): never {
    return this.memory.fetchRenderedImage();
  }

  async listInstances(study: StudyLocator, options: RequestOptions = {}): ReturnType<MemoryAdapter['listInstances']> {
    const retryAfter = this.timing.retryAfterSeconds;
    if (retryAfter !== undefined) {
      options.onRetryAfter?.({ path: `/studies/${study.studyInstanceUid}/instances`, waitSeconds: retryAfter, attempt: 1 });
      await wait(retryAfter * 1000, options.signal);
    }
    await wait(this.timing.listDelayMs ?? 0, options.signal);
    return this.memory.listInstances(study, options);
  }

  retrieveStudy(study: StudyLocator, options: RetrieveOptions = {}): InstanceStream {
    const inner = this.memory.retrieveStudy(study, options);
    const timing = this.timing;
    async function* generate(): AsyncGenerator<DicomInstance> {
      let count = 0;
      for await (const instance of inner) {
        if (timing.holdAfterInstances !== undefined && count >= timing.holdAfterInstances) await wait(Infinity, options.signal);
        await wait(timing.instanceDelayMs ?? 0, options.signal);
        count++;
        yield instance;
      }
    }
    return { result: inner.result, [Symbol.asyncIterator]: () => generate() };
  }

  async storeInstances(instances: AsyncIterable<DicomInstance> | Iterable<DicomInstance>, options: StoreOptions = {}): Promise<StoreResult> {
    await wait(this.timing.storeDelayMs ?? 0, options.signal);
    return this.memory.storeInstances(instances, options);
  }
}

/** Makes a study record as a search would return it, held by the given sources. */
export function makeStory(sources: readonly SourceInfo[] = [STORY_EXTERNAL], studyInstanceUid = STORY_STUDY_UID): Study {
  return {
    studyInstanceUid,
    timestamp: { date: '2025-01-10', time: '16:02', precision: 'minute', epochMs: Date.UTC(2025, 0, 10, 16, 2) },
    description: 'CT abdomen',
    accessionNumber: 'RZ-2025-01877',
    modalities: ['CT', 'SR'],
    modalitiesKnown: true,
    bodyParts: ['ABDOMEN'],
    anatomicRegions: [],
    performingPhysicians: [],
    sources: sources.map((source) => ({ source })),
    reports: [],
    warnings: [],
  };
}

export interface StoryAdapters {
  study: Study;
  source: TimedAdapter;
  target: TimedAdapter;
  instances: MemoryInstance[];
}

/**
 * Makes a source with `count` instances of one study in three series, and
 * an empty target that accepts them, each behind its own timing.
 */
export function makeStoryAdapters(options: { count?: number; size?: number; source?: Timing; target?: Timing } = {}): StoryAdapters {
  const instances = makeInstances(STORY_STUDY_UID, options.count ?? 24, 3, options.size ?? 150_000);
  const source = new TimedAdapter(new MemoryAdapter(STORY_EXTERNAL, instances), options.source);
  const target = new TimedAdapter(new MemoryAdapter(STORY_INTERNAL, [], instances), options.target);
  return { study: makeStory(), source, target, instances };
}
