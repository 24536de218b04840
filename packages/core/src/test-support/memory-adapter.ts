/**
 * An in-memory StudylineAdapter for tests of code that drives adapters, with
 * switches for the faults that real servers show: a retrieve cut short, store
 * failures per instance, lists that fail, and so on.
 */
import type {
  DicomInstance,
  InstanceStream,
  RequestOptions,
  RetrieveOptions,
  RetrieveResult,
  StoreOptions,
  StoreResult,
  StudylineAdapter,
} from '../adapter.js';
import { StudylineError } from '../errors.js';
import type { InstanceInfo, SourceInfo, StudyLocator } from '../model.js';
import { readFileMetaInformation } from '../part10.js';
import { makePart10 } from './make-part10.js';

export interface MemoryInstance {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  data: Uint8Array;
}

/** Makes `count` instances of one study, spread over `series` series, each `size` bytes. */
export function makeInstances(studyInstanceUid: string, count: number, series = 1, size = 2048): MemoryInstance[] {
  return Array.from({ length: count }, (_, index) => {
    const sopInstanceUid = `${studyInstanceUid}.${index + 1}`;
    return {
      studyInstanceUid,
      seriesInstanceUid: `${studyInstanceUid}.0.${(index % series) + 1}`,
      sopInstanceUid,
      data: makePart10({ sopInstanceUid, size }),
    };
  });
}

export interface MemoryAdapterFaults {
  /** listInstances rejects with this error. */
  listError?: Error;
  /** listInstances returns every instance but these. */
  unlisted?: Set<string>;
  /** The retrieve stops after this many instances and reports itself incomplete with `incompleteReason`. */
  retrieveStopAfter?: number;
  incompleteReason?: string;
  /** The retrieve throws this error after `retrieveStopAfter` instances, instead of ending. */
  retrieveError?: Error;
  /** A store marks these SOP Instance UIDs failed with FailureReason 0xA700 and does not keep them. */
  storeRejects?: Set<string>;
  /** A store reports these as stored but does not keep them. */
  storeDrops?: Set<string>;
  /** A store rejects the whole request: every instance fails without a FailureReason. */
  storeRejectsAll?: boolean;
  /** The store response lists nothing, like a server that returns success without a body. */
  storeListsNothing?: boolean;
  /** Warning header text of every store response. */
  storeWarning?: string;
  /** Calls `onRetryAfter` once in listInstances, as a client that waited out a 503 would. */
  retryAfterSeconds?: number;
}

export class MemoryAdapter implements StudylineAdapter {
  readonly sources: readonly SourceInfo[];
  readonly instances = new Map<string, MemoryInstance>();
  faults: MemoryAdapterFaults = {};
  /** Number of instances in each store request. */
  readonly storeRequests: number[] = [];
  /** The signal of the last retrieve, to check that a cancel reached it. */
  lastRetrieveSignal: AbortSignal | undefined;
  /** The `instances` option of the last retrieve. */
  lastRetrieveInstances: readonly { sopInstanceUid: string }[] | undefined;

  /** Study and series of every instance this adapter may be asked to store, since the test files carry only the SOP Instance UID. */
  private readonly catalog: ReadonlyMap<string, Pick<MemoryInstance, 'studyInstanceUid' | 'seriesInstanceUid'>>;

  constructor(source: SourceInfo, instances: readonly MemoryInstance[] = [], catalog: readonly MemoryInstance[] = instances) {
    this.sources = [source];
    for (const instance of instances) this.instances.set(instance.sopInstanceUid, instance);
    this.catalog = new Map(catalog.map((instance) => [instance.sopInstanceUid, instance]));
  }

  searchStudies(): never {
    throw new StudylineError('not-supported', 'MemoryAdapter does not search.');
  }

  listSeries(): never {
    throw new StudylineError('not-supported', 'MemoryAdapter does not list series.');
  }

  fetchRenderedImage(): never {
    throw new StudylineError('not-supported', 'MemoryAdapter does not render.');
  }

  async listInstances(study: StudyLocator, options: RequestOptions = {}): Promise<InstanceInfo[]> {
    options.signal?.throwIfAborted();
    if (this.faults.retryAfterSeconds !== undefined) {
      options.onRetryAfter?.({ path: '/studies', waitSeconds: this.faults.retryAfterSeconds, attempt: 1 });
    }
    if (this.faults.listError !== undefined) throw this.faults.listError;
    return [...this.instances.values()]
      .filter((instance) => instance.studyInstanceUid === study.studyInstanceUid && !this.faults.unlisted?.has(instance.sopInstanceUid))
      .map(({ studyInstanceUid, seriesInstanceUid, sopInstanceUid }) => ({ studyInstanceUid, seriesInstanceUid, sopInstanceUid }));
  }

  retrieveStudy(study: StudyLocator, options: RetrieveOptions = {}): InstanceStream {
    this.lastRetrieveSignal = options.signal;
    this.lastRetrieveInstances = options.instances;
    const wanted = options.instances?.map((instance) => instance.sopInstanceUid);
    const selected = [...this.instances.values()].filter(
      (instance) => instance.studyInstanceUid === study.studyInstanceUid && (wanted === undefined || wanted.includes(instance.sopInstanceUid)),
    );
    const faults = this.faults;
    let settle: (result: RetrieveResult) => void = () => undefined;
    const result = new Promise<RetrieveResult>((resolve) => {
      settle = resolve;
    });
    async function* generate(): AsyncGenerator<DicomInstance> {
      let count = 0;
      let bytes = 0;
      let finished = false;
      try {
        for (const instance of selected) {
          options.signal?.throwIfAborted();
          if (faults.retrieveStopAfter !== undefined && count >= faults.retrieveStopAfter) {
            if (faults.retrieveError !== undefined) throw faults.retrieveError;
            break;
          }
          count++;
          bytes += instance.data.length;
          options.onProgress?.({ instances: count, bytes, totalInstances: selected.length });
          // Yields to the event loop, as a network read would.
          await new Promise((resolve) => setTimeout(resolve, 0));
          yield {
            data: instance.data,
            mediaType: 'application/dicom',
            sopInstanceUid: instance.sopInstanceUid,
            transferSyntaxUid: '1.2.840.10008.1.2.1',
          };
        }
        finished = true;
      } finally {
        const complete = finished && count === selected.length;
        const retrieve: RetrieveResult = { complete, instances: count, bytes };
        if (!complete) retrieve.reason = faults.incompleteReason ?? faults.retrieveError?.message ?? 'The retrieve was stopped before it finished.';
        settle(retrieve);
      }
    }
    return { result, [Symbol.asyncIterator]: () => generate() };
  }

  async storeInstances(instances: AsyncIterable<DicomInstance> | Iterable<DicomInstance>, options: StoreOptions = {}): Promise<StoreResult> {
    const result: StoreResult = { stored: [], failed: [], warnings: [], storedCountUnknown: false };
    if (this.faults.storeWarning !== undefined) result.warnings.push(this.faults.storeWarning);
    let count = 0;
    for await (const instance of instances) {
      options.signal?.throwIfAborted();
      count++;
      const sopInstanceUid = instance.sopInstanceUid ?? readFileMetaInformation(instance.data)?.sopInstanceUid ?? '';
      if (this.faults.storeRejectsAll) {
        result.failed.push({ sopInstanceUid, message: 'Not stored: The server returned HTTP 500 for /studies.' });
        continue;
      }
      if (this.faults.storeRejects?.has(sopInstanceUid)) {
        result.failed.push({ sopInstanceUid, failureReason: 0xa700, message: 'Not stored: out of resources (0xA700).' });
        continue;
      }
      if (!this.faults.storeListsNothing) result.stored.push({ sopInstanceUid });
      if (this.faults.storeDrops?.has(sopInstanceUid)) continue;
      const known = this.catalog.get(sopInstanceUid);
      if (known === undefined) throw new Error(`MemoryAdapter got an instance that is not in its catalog: ${sopInstanceUid}.`);
      this.instances.set(sopInstanceUid, { ...known, sopInstanceUid, data: instance.data });
    }
    this.storeRequests.push(count);
    if (this.faults.storeListsNothing) result.storedCountUnknown = true;
    // Gives a cancel the chance to land while the request is in flight.
    await new Promise((resolve) => setTimeout(resolve, 0));
    options.signal?.throwIfAborted();
    return result;
  }
}
