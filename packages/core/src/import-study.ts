/**
 * Import of a study from one source into another, such as from another
 * hospital's archive into the own PACS. Instances stream from the source's
 * retrieve into the target's store in batches, so only a few batches are in
 * memory at a time. The import counts as done only when the target's own
 * instance list contains every instance that the source lists.
 */
import type { DicomInstance, InstanceStream, StoreResult, StudylineAdapter } from './adapter.js';
import { StudylineError, isAbortError } from './errors.js';
import type { RetryAfterInfo } from './http.js';
import type { InstanceInfo, StudyLocator } from './model.js';

/** Phase of an import: listing the source, moving instances, or checking the target. */
export type ImportPhase = 'listing' | 'transferring' | 'verifying';

/** A 503 `Retry-After` that the import is waiting out. */
export interface ImportWait extends RetryAfterInfo {
  /** The side whose server asked for the wait. */
  side: 'source' | 'target';
  /** When the wait ends, in milliseconds since 1970-01-01 UTC. */
  until: number;
}

/** How far an import has come. */
export interface ImportProgress {
  phase: ImportPhase;
  /** Instances received from the source and passed on to the target. */
  instances: number;
  /** Bytes of those instances. */
  bytes: number;
  /** Instances to transfer, known once the source has listed them. */
  totalInstances?: number;
  /** Bytes to transfer, when the source's retrieve response states its length. */
  totalBytes?: number;
  /** Instances that the target's store responses confirmed. */
  storedInstances: number;
  /** Instances that the target reported as not stored. */
  failedInstances: number;
  /** Present while a 503 `Retry-After` is waited out. */
  waiting?: ImportWait;
}

/** Reason code of an instance that is missing from the target. */
export type MissingInstanceCode =
  /** The target's store response reported the instance as failed, or the store request failed. */
  | 'store-failed'
  /** The source never sent the instance: its retrieve ended early, or it failed. */
  | 'not-received'
  /** The instance arrived from the source, but the import stopped before sending it to the target. */
  | 'not-sent'
  /** The target's store response confirmed the instance or did not list it, but the target's instance list does not contain it or could not be read. */
  | 'not-confirmed'
  /** A retry did not request the instance, and the target does not contain it. */
  | 'not-requested'
  /** The import was cancelled before the target confirmed the instance. */
  | 'cancelled';

/** An instance of the source's list that the target does not contain after the import. */
export interface MissingInstance {
  seriesInstanceUid: string;
  sopInstanceUid: string;
  code: MissingInstanceCode;
  /** A plain sentence without patient data. */
  reason: string;
  /** FailureReason (0008,1197) from the target's store response, when it sent one. */
  failureReason?: number;
}

/** Result of an import. */
export interface ImportOutcome {
  /**
   * `done`: the target's instance list contains every instance of the
   * source's list. `partial`: some instances are missing, the import was
   * cancelled, or it could not be verified. `failed`: the target contains none
   * of the study's instances, or the source could not list them.
   */
  state: 'done' | 'partial' | 'failed';
  /** Instances that the source lists for the study. */
  expected: number;
  /**
   * Instances of the source's list that the target holds: read from the
   * target's instance list when `verified` is true, and otherwise counted from
   * its store responses.
   */
  stored: number;
  /** The instances still missing, with reasons. Pass this list as `only` to retry just these. */
  missing: MissingInstance[];
  /** Store response warnings and conformance notes, without duplicates. */
  warnings: string[];
  /** Instances received from the source and sent to the target in this call. */
  transferred: number;
  /** Bytes of those instances. */
  bytes: number;
  /** True when the outcome comes from the target's own instance list. */
  verified: boolean;
  /** True when the signal aborted the import. */
  cancelled: boolean;
  /** Reason the import is partial or failed, in plain words. Absent when done. */
  reason?: string;
}

/** An instance as `only` takes it: an entry of `ImportOutcome.missing` fits. */
export type InstanceReference = Pick<InstanceInfo, 'seriesInstanceUid' | 'sopInstanceUid'>;

export interface ImportStudyOptions {
  study: StudyLocator;
  source: StudylineAdapter;
  target: StudylineAdapter;
  signal?: AbortSignal;
  /** Called at every phase change, for every instance received and after every store request. */
  onProgress?: (progress: ImportProgress) => void;
  /** Maximum number of instances per store request. Default 50. */
  batchSize?: number;
  /**
   * Maximum number of bytes per store request; a single larger instance goes
   * alone. Default 4 MiB. The batches in memory are the ones being stored plus
   * the one being received, so memory use is about
   * `(concurrentStores + 1) × maxBatchBytes`.
   */
  maxBatchBytes?: number;
  /**
   * Maximum number of store requests at a time. Default 2: a target stores
   * one batch while it receives the next, which keeps up with a plain copy.
   */
  concurrentStores?: number;
  /**
   * Transfers only these instances, for a retry with the `missing` list of an
   * earlier outcome. The verification still covers the whole study. An empty
   * list transfers nothing and only verifies.
   */
  only?: readonly InstanceReference[];
}

const DEFAULT_BATCH_SIZE = 50;
const DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024;
const DEFAULT_CONCURRENT_STORES = 2;
/** After this many store requests in a row that the target rejected as a whole, the import stops. */
const MAX_REJECTED_REQUESTS_IN_A_ROW = 2;

function validate(options: ImportStudyOptions): void {
  if (typeof options.study?.studyInstanceUid !== 'string' || options.study.studyInstanceUid === '') {
    throw new StudylineError('invalid-argument', 'importStudy needs a study with a Study Instance UID.');
  }
  if (options.source === undefined || options.target === undefined) {
    throw new StudylineError('invalid-argument', 'importStudy needs a source and a target adapter.');
  }
  if (options.source === options.target) {
    throw new StudylineError('invalid-argument', 'importStudy needs two different adapters: the source and the target are the same.');
  }
  for (const [name, value] of [
    ['batchSize', options.batchSize],
    ['maxBatchBytes', options.maxBatchBytes],
    ['concurrentStores', options.concurrentStores],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new StudylineError('invalid-argument', `importStudy: ${name} must be a positive integer, not ${String(value)}.`);
    }
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Yields the array's items and removes them, so that the array does not keep them alive while the store runs. */
function* drain(instances: DicomInstance[]): Generator<DicomInstance> {
  while (instances.length > 0) yield instances.shift() as DicomInstance;
}

/** Tells whether a store result failed as a whole request, as opposed to per instance. */
function isRejectedRequest(result: StoreResult): boolean {
  return (
    result.stored.length === 0 &&
    !result.storedCountUnknown &&
    result.failed.length > 0 &&
    result.failed.every((failure) => failure.failureReason === undefined)
  );
}

function dedupe(instances: InstanceInfo[]): InstanceInfo[] {
  const seen = new Set<string>();
  return instances.filter((instance) => {
    if (seen.has(instance.sopInstanceUid)) return false;
    seen.add(instance.sopInstanceUid);
    return true;
  });
}

/** A retrieve whose first instance is already on its way. */
interface StartedRetrieve {
  stream: InstanceStream;
  iterator: AsyncIterator<DicomInstance>;
  next: Promise<IteratorResult<DicomInstance>>;
}

/** The state of one importStudy call, from listing to the outcome. */
class ImportRun {
  private readonly options: ImportStudyOptions;
  private readonly batchSize: number;
  private readonly maxBatchBytes: number;
  private readonly concurrentStores: number;
  private readonly sourceLabel: string;
  private readonly targetLabel: string;

  private phase: ImportPhase = 'listing';
  private receivedInstances = 0;
  private receivedBytes = 0;
  private totalInstances: number | undefined;
  private totalBytes: number | undefined;
  private waiting: ImportWait | undefined;
  private readonly warnings: string[] = [];

  /** State of each instance after the store responses and the transfer, by SOP Instance UID. */
  private readonly confirmed = new Set<string>();
  private readonly failures = new Map<string, { message: string; failureReason?: number }>();
  private readonly sentUnconfirmed = new Set<string>();
  private readonly received = new Set<string>();
  private requestedUids = new Set<string>();

  private cancelled = false;
  private retrieveProblem: string | undefined;
  private stopReason: string | undefined;
  private verifyProblem: string | undefined;
  private rejectedInARow = 0;
  private readonly storing = new Set<Promise<void>>();

  constructor(options: ImportStudyOptions) {
    this.options = options;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.maxBatchBytes = options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
    this.concurrentStores = options.concurrentStores ?? DEFAULT_CONCURRENT_STORES;
    this.sourceLabel = options.source.sources[0]?.label ?? 'the source';
    this.targetLabel = options.target.sources[0]?.label ?? 'the target';
  }

  private get signal(): AbortSignal | undefined {
    return this.options.signal;
  }

  private get stopped(): boolean {
    return this.cancelled || this.stopReason !== undefined;
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  emit(phase: ImportPhase = this.phase): void {
    this.phase = phase;
    if (this.waiting !== undefined && Date.now() >= this.waiting.until) this.waiting = undefined;
    const progress: ImportProgress = {
      phase,
      instances: this.receivedInstances,
      bytes: this.receivedBytes,
      storedInstances: this.confirmed.size,
      failedInstances: this.failures.size,
    };
    if (this.totalInstances !== undefined) progress.totalInstances = this.totalInstances;
    if (this.totalBytes !== undefined) progress.totalBytes = this.totalBytes;
    if (this.waiting !== undefined) progress.waiting = this.waiting;
    this.options.onProgress?.(progress);
  }

  onRetryAfter(side: ImportWait['side']): (info: RetryAfterInfo) => void {
    return (info) => {
      this.waiting = { ...info, side, until: Date.now() + info.waitSeconds * 1000 };
      this.emit();
    };
  }

  /**
   * Starts the retrieve of the whole study and requests its first instance,
   * so that the source sends while it also lists the study. Nothing is
   * stored before the list has arrived.
   */
  startWholeStudyRetrieve(signal: AbortSignal): StartedRetrieve {
    const stream = this.options.source.retrieveStudy(this.options.study, {
      signal,
      onRetryAfter: this.onRetryAfter('source'),
      onProgress: (progress) => {
        if (progress.totalBytes !== undefined) this.totalBytes = progress.totalBytes;
      },
    });
    const iterator = stream[Symbol.asyncIterator]();
    const next = iterator.next();
    // Read in transfer(); a rejection before then must not count as unhandled.
    next.catch(() => undefined);
    return { stream, iterator, next };
  }

  /** Starts the retrieve of chosen instances, for a retry. */
  startInstanceRetrieve(requested: readonly InstanceReference[]): StartedRetrieve {
    const stream = this.options.source.retrieveStudy(this.options.study, {
      signal: this.signal,
      onRetryAfter: this.onRetryAfter('source'),
      instances: requested,
    });
    const iterator = stream[Symbol.asyncIterator]();
    return { stream, iterator, next: iterator.next() };
  }

  /** Picks the instances to transfer: the whole list, or the retry's instances that the source still lists. */
  chooseRequested(sourceList: readonly InstanceInfo[]): InstanceReference[] {
    let requested: InstanceReference[] = [...sourceList];
    if (this.options.only !== undefined) {
      const listed = new Map(sourceList.map((instance) => [instance.sopInstanceUid, instance]));
      const seen = new Set<string>();
      requested = [];
      for (const instance of this.options.only) {
        if (seen.has(instance.sopInstanceUid)) continue;
        seen.add(instance.sopInstanceUid);
        const entry = listed.get(instance.sopInstanceUid);
        if (entry !== undefined) requested.push(entry);
        else this.warn(`${this.sourceLabel} no longer lists an instance that the retry asked for, so it is not imported.`);
      }
    }
    this.requestedUids = new Set(requested.map((instance) => instance.sopInstanceUid));
    this.totalInstances = requested.length;
    return requested;
  }

  private async storeBatch(instances: DicomInstance[]): Promise<void> {
    const uids = instances.map((instance) => instance.sopInstanceUid).filter((uid): uid is string => uid !== undefined);
    try {
      const result = await this.options.target.storeInstances(drain(instances), {
        signal: this.signal,
        batchSize: instances.length,
        maxBatchBytes: Number.MAX_SAFE_INTEGER,
        onRetryAfter: this.onRetryAfter('target'),
      });
      for (const stored of result.stored) this.confirmed.add(stored.sopInstanceUid);
      for (const failed of result.failed) {
        if (failed.sopInstanceUid === '') continue;
        const failure: { message: string; failureReason?: number } = { message: failed.message };
        if (failed.failureReason !== undefined) failure.failureReason = failed.failureReason;
        this.failures.set(failed.sopInstanceUid, failure);
      }
      if (result.storedCountUnknown) {
        for (const uid of uids) if (!this.confirmed.has(uid) && !this.failures.has(uid)) this.sentUnconfirmed.add(uid);
        this.warn(`${this.targetLabel} accepted a store request without listing the stored instances.`);
      }
      for (const warning of result.warnings) this.warn(warning);
      this.rejectedInARow = isRejectedRequest(result) ? this.rejectedInARow + 1 : 0;
      if (this.rejectedInARow >= MAX_REJECTED_REQUESTS_IN_A_ROW && this.stopReason === undefined) {
        this.stopReason = `${this.targetLabel} rejected ${this.rejectedInARow} store requests in a row: ${result.failed[0].message}`;
      }
    } catch (error) {
      if (isAbortError(error) || this.signal?.aborted) {
        this.cancelled = true;
        return;
      }
      // A target adapter that throws (for example `not-supported`) cannot take any batch.
      for (const uid of uids) this.failures.set(uid, { message: `Not stored: ${errorMessage(error)}` });
      this.stopReason ??= `Storing in ${this.targetLabel} failed: ${errorMessage(error)}`;
    }
    this.emit();
  }

  /** Sends a batch once fewer than `concurrentStores` store requests are running. */
  private async startStore(instances: DicomInstance[]): Promise<void> {
    while (this.storing.size >= this.concurrentStores) await Promise.race(this.storing);
    if (this.stopped) return;
    const request = this.storeBatch(instances).finally(() => this.storing.delete(request));
    this.storing.add(request);
  }

  /** Moves instances from the retrieve into store requests until the retrieve ends, fails or the import stops. */
  async transfer(retrieve: StartedRetrieve): Promise<void> {
    this.emit('transferring');
    let batch: DicomInstance[] = [];
    let batchBytes = 0;
    let unlisted = 0;
    let finished = false;
    try {
      let next = retrieve.next;
      while (!this.stopped) {
        const { done, value: instance } = await next;
        if (done) {
          finished = true;
          break;
        }
        if (batch.length > 0 && (batch.length >= this.batchSize || batchBytes + instance.data.length > this.maxBatchBytes)) {
          const full = batch;
          batch = [];
          batchBytes = 0;
          await this.startStore(full);
          if (this.stopped) break;
        }
        batch.push(instance);
        batchBytes += instance.data.length;
        this.receivedInstances++;
        this.receivedBytes += instance.data.length;
        if (instance.sopInstanceUid !== undefined) {
          this.received.add(instance.sopInstanceUid);
          if (!this.requestedUids.has(instance.sopInstanceUid)) unlisted++;
        }
        this.emit();
        next = retrieve.iterator.next();
      }
    } catch (error) {
      finished = true;
      if (isAbortError(error) || this.signal?.aborted) this.cancelled = true;
      else this.retrieveProblem = errorMessage(error);
    }
    if (!finished) await retrieve.iterator.return?.();
    // The instances received before the retrieve ended or failed are whole, so they are stored too.
    if (batch.length > 0 && !this.stopped) await this.startStore(batch);
    await Promise.all(this.storing);

    // The result settles when the iteration ends, also after a stop or an error.
    const result = await retrieve.stream.result.catch(() => undefined);
    if (result !== undefined && !result.complete && !this.cancelled) this.retrieveProblem = result.reason ?? this.retrieveProblem;
    if (unlisted > 0) {
      this.warn(
        `${this.sourceLabel} sent ${unlisted} instance${unlisted === 1 ? '' : 's'} that its instance list does not contain; they were stored too.`,
      );
    }
  }

  /** Reads the target's own instance list. Returns undefined when it cannot be read or the import was cancelled. */
  async verify(): Promise<Set<string> | undefined> {
    if (this.cancelled) return undefined;
    this.emit('verifying');
    try {
      const list = await this.options.target.listInstances(this.options.study, {
        signal: this.signal,
        onRetryAfter: this.onRetryAfter('target'),
      });
      return new Set(list.map((instance) => instance.sopInstanceUid));
    } catch (error) {
      if (isAbortError(error) || this.signal?.aborted) this.cancelled = true;
      else this.verifyProblem = `The instance list of ${this.targetLabel} could not be read, so the import is not verified: ${errorMessage(error)}`;
      return undefined;
    }
  }

  /** Describes why an instance of the source's list is missing from the target. Returns undefined when the target contains it. */
  private describe(instance: InstanceInfo, present: Set<string> | undefined): MissingInstance | undefined {
    const uid = instance.sopInstanceUid;
    const base = { seriesInstanceUid: instance.seriesInstanceUid, sopInstanceUid: uid };
    const requested = this.requestedUids.has(uid);
    if (present !== undefined) {
      if (present.has(uid)) return undefined;
    } else if (this.confirmed.has(uid) || !requested) {
      // Without the target's list, store confirmations and earlier imports count.
      return undefined;
    }

    const failure = this.failures.get(uid);
    if (failure !== undefined) {
      const missing: MissingInstance = { ...base, code: 'store-failed', reason: failure.message };
      if (failure.failureReason !== undefined) missing.failureReason = failure.failureReason;
      return missing;
    }
    if (this.cancelled && requested && !this.confirmed.has(uid)) {
      return { ...base, code: 'cancelled', reason: 'The import was cancelled before the target confirmed this instance.' };
    }

    if (this.confirmed.has(uid)) {
      return {
        ...base,
        code: 'not-confirmed',
        reason: `${this.targetLabel} confirmed storing this instance, but its instance list does not contain it.`,
      };
    }
    if (this.sentUnconfirmed.has(uid)) {
      const check = present === undefined ? 'its instance list could not be read to check' : 'its instance list does not contain it';
      return { ...base, code: 'not-confirmed', reason: `${this.targetLabel} accepted this instance without confirming it, and ${check}.` };
    }
    if (this.received.has(uid)) {
      const cause = this.stopReason === undefined ? '.' : `: ${this.stopReason}`;
      return { ...base, code: 'not-sent', reason: `Received from ${this.sourceLabel}, but not sent to ${this.targetLabel} because the import stopped${cause}` };
    }

    if (requested) {
      let cause = ', although its retrieve ended without an error.';
      if (this.retrieveProblem !== undefined) cause = `: ${this.retrieveProblem}`;
      else if (this.stopReason !== undefined) cause = ` before the import stopped: ${this.stopReason}`;
      return { ...base, code: 'not-received', reason: `${this.sourceLabel} did not send this instance${cause}` };
    }
    return { ...base, code: 'not-requested', reason: `This retry did not request this instance, and ${this.targetLabel} does not contain it.` };
  }

  outcome(fields: Omit<ImportOutcome, 'warnings' | 'transferred' | 'bytes'>): ImportOutcome {
    return { ...fields, warnings: this.warnings, transferred: this.receivedInstances, bytes: this.receivedBytes };
  }

  /** Compares the source's list with the target's and builds the outcome. */
  finish(sourceList: readonly InstanceInfo[], present: Set<string> | undefined): ImportOutcome {
    const missing: MissingInstance[] = [];
    for (const instance of sourceList) {
      const entry = this.describe(instance, present);
      if (entry !== undefined) missing.push(entry);
    }
    const stored = sourceList.length - missing.length;
    const verified = present !== undefined;
    let state: ImportOutcome['state'] = 'partial';
    if (verified && missing.length === 0) state = 'done';
    else if (stored === 0) state = 'failed';
    const result = this.outcome({ state, expected: sourceList.length, stored, missing, verified, cancelled: this.cancelled });
    if (state !== 'done') result.reason = this.summarise(result);
    return result;
  }

  private summarise(outcome: ImportOutcome): string {
    const sentences: string[] = [];
    if (this.cancelled) sentences.push('The import was cancelled.');
    if (outcome.missing.length > 0) {
      sentences.push(`${outcome.missing.length} of ${outcome.expected} instances are missing from the target.`);
    }
    for (const problem of [this.retrieveProblem, this.stopReason, this.verifyProblem]) {
      if (problem !== undefined) sentences.push(problem);
    }
    // The reasons of the other codes repeat the problems above.
    const instanceReasons = new Set(
      outcome.missing
        .filter((entry) => entry.code === 'store-failed' || entry.code === 'not-confirmed' || entry.code === 'not-requested')
        .map((entry) => entry.reason),
    );
    sentences.push(...[...instanceReasons].slice(0, 3));
    return sentences.join(' ');
  }
}

/**
 * Imports a study from `source` into `target` and verifies it.
 *
 * For a whole study, the retrieve starts while the source lists the study,
 * and the first store waits for that list. Never rejects for a server fault
 * or a cancel: the outcome is then `partial` or `failed`, with the reason. Throws
 * StudylineError `invalid-argument` for invalid options, and passes on an
 * exception thrown by `onProgress`.
 */
export async function importStudy(options: ImportStudyOptions): Promise<ImportOutcome> {
  validate(options);
  const { study, source, signal } = options;
  const run = new ImportRun(options);
  const sourceLabel = source.sources[0]?.label ?? 'the source';
  run.emit('listing');

  // The early retrieve has a signal of its own, to stop it when the listing fails.
  const early = new AbortController();
  const earlySignal = signal === undefined ? early.signal : AbortSignal.any([signal, early.signal]);
  const started = options.only === undefined ? run.startWholeStudyRetrieve(earlySignal) : undefined;
  const abandon = async (): Promise<void> => {
    if (started === undefined) return;
    early.abort();
    await started.next.catch(() => undefined);
    await started.iterator.return?.();
  };

  let sourceList: InstanceInfo[];
  try {
    sourceList = dedupe(await source.listInstances(study, { signal, onRetryAfter: run.onRetryAfter('source') }));
  } catch (error) {
    await abandon();
    const cancelled = isAbortError(error) || signal?.aborted === true;
    return run.outcome({
      state: 'failed',
      expected: 0,
      stored: 0,
      missing: [],
      verified: false,
      cancelled,
      reason: cancelled
        ? 'The import was cancelled before it started.'
        : `Could not list the instances of the study at ${sourceLabel}: ${errorMessage(error)}`,
    });
  }
  if (sourceList.length === 0) {
    await abandon();
    return run.outcome({
      state: 'failed',
      expected: 0,
      stored: 0,
      missing: [],
      verified: false,
      cancelled: false,
      reason: `${sourceLabel} lists no instances for this study, so there is nothing to import.`,
    });
  }

  const requested = run.chooseRequested(sourceList);
  if (requested.length > 0) await run.transfer(started ?? run.startInstanceRetrieve(requested));
  const present = await run.verify();
  return run.finish(sourceList, present);
}
