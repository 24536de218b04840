/**
 * Download of a study as a zip of DICOM Part 10 files, streamed: each
 * instance goes into the zip as it arrives from the source, so the study is
 * never in memory as a whole. Works in browsers and in Node 20.
 */
import { makeZip } from 'client-zip';
import type { StudySizeEstimate, StudylineAdapter } from './adapter.js';
import { StudylineError, isAbortError } from './errors.js';
import type { RetryAfterInfo } from './http.js';
import type { InstanceInfo, StudyLocator } from './model.js';
import { isValidUid } from './uid.js';

/** How far a download has come. */
export interface DownloadProgress {
  phase: 'listing' | 'downloading' | 'finishing';
  /** Instances written into the zip. */
  instances: number;
  /** Part 10 bytes of those instances. */
  bytes: number;
  /** Bytes of the zip read by the consumer so far. */
  zipBytes: number;
  /** Instances the source lists for the study, once listed. */
  totalInstances?: number;
  /** The size estimate passed in `estimatedBytes`. */
  estimatedBytes?: number;
  /** Present while a 503 `Retry-After` from the source is waited out. */
  waiting?: RetryAfterInfo & { until: number };
}

/** Facts that the README inside the zip reports. */
export interface DownloadSummary {
  studyInstanceUid: string;
  /** Instances in the zip. */
  instances: number;
  /** Instances the source lists for the study. */
  expected: number;
  /** Instances of the source's list that are not in the zip. */
  missing: readonly DownloadMissingInstance[];
  /** Reason the zip is incomplete, when it is. */
  problem?: string;
}

export interface DownloadMissingInstance {
  seriesInstanceUid: string;
  sopInstanceUid: string;
}

/** Result of a download. */
export interface DownloadOutcome {
  /** `done`: every listed instance is in the zip. `partial`: the zip is complete but lacks instances, or the download was cancelled. `failed`: no zip could be made. */
  state: 'done' | 'partial' | 'failed';
  expected: number;
  /** Instances written into the zip. */
  instances: number;
  /** Part 10 bytes of those instances. */
  bytes: number;
  /** Bytes of the zip read by the consumer. */
  zipBytes: number;
  missing: DownloadMissingInstance[];
  warnings: string[];
  cancelled: boolean;
  /** Reason the download is partial or failed. Absent when done. */
  reason?: string;
}

export interface DownloadStudyOptions {
  study: StudyLocator;
  source: StudylineAdapter;
  /** Aborting it errors the stream with the abort reason and ends the download as cancelled. */
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** A size estimate made before, such as from `estimateStudySize`, passed on in the progress. */
  estimatedBytes?: number;
  /** Makes the text of `README.txt`, the last entry of the zip. Default: `defaultReadme`, in English. */
  readme?: (summary: DownloadSummary) => string;
}

/** A download in progress. */
export interface StudyDownload {
  /** The zip. Cancelling the stream cancels the download. */
  stream: ReadableStream<Uint8Array>;
  /** Suggested file name, `study-<Study Instance UID>.zip`. */
  fileName: string;
  /** Settles when the stream has ended, failed or been cancelled. Never rejects. */
  result: Promise<DownloadOutcome>;
}

const README_NAME = 'README.txt';

/** Writes the default README text: what the files are, that a DICOM viewer is needed, and whether the zip is complete. */
export function defaultReadme(summary: DownloadSummary): string {
  const lines = [
    'This archive contains one imaging study as DICOM files (DICOM Part 10, extension .dcm).',
    '',
    'Opening these files needs a DICOM viewer. Ordinary image viewers and photo apps cannot open them.',
    'The archive has no DICOMDIR: open the files or the folders in the DICOM viewer directly.',
    '',
    'Each folder is one series, named by its Series Instance UID, and each file is one instance,',
    'named by its SOP Instance UID.',
    '',
    `Study Instance UID: ${summary.studyInstanceUid}`,
    `Instances: ${summary.instances} of ${summary.expected}`,
  ];
  if (summary.missing.length > 0 || summary.problem !== undefined) {
    lines.push('', 'This archive is INCOMPLETE.');
    if (summary.problem !== undefined) lines.push(summary.problem);
    if (summary.missing.length > 0) {
      lines.push('', 'Missing instances (Series Instance UID / SOP Instance UID):');
      for (const instance of summary.missing) lines.push(`${instance.seriesInstanceUid} / ${instance.sopInstanceUid}`);
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Estimates the size of a study before a download or import, from the
 * adapter's metadata. Returns undefined when the adapter cannot estimate.
 */
export async function estimateStudySize(
  source: StudylineAdapter,
  study: StudyLocator,
  options: { signal?: AbortSignal } = {},
): Promise<StudySizeEstimate | undefined> {
  if (source.estimateStudySize === undefined) return undefined;
  try {
    return await source.estimateStudySize(study, options);
  } catch (error) {
    if (isAbortError(error) || options.signal?.aborted) throw options.signal?.reason ?? error;
    if (error instanceof StudylineError && error.code === 'not-supported') return undefined;
    throw error;
  }
}

/** Gives each zip entry a unique name made only of UIDs, so no patient data ends up in a file name. */
class EntryNames {
  private readonly used = new Set<string>([README_NAME]);
  private count = 0;

  next(seriesInstanceUid: string | undefined, sopInstanceUid: string | undefined): string {
    this.count++;
    const folder = seriesInstanceUid !== undefined && isValidUid(seriesInstanceUid) ? seriesInstanceUid : 'unknown-series';
    const base = sopInstanceUid !== undefined && isValidUid(sopInstanceUid) ? sopInstanceUid : `instance-${this.count}`;
    let name = `${folder}/${base}.dcm`;
    for (let copy = 2; this.used.has(name); copy++) name = `${folder}/${base}-${copy}.dcm`;
    this.used.add(name);
    return name;
  }
}

/** The state of one downloadStudy call: progress, what is in the zip, and the outcome. */
class DownloadRun {
  readonly controller = new AbortController();
  readonly signal: AbortSignal;
  readonly result: Promise<DownloadOutcome>;
  zipBytes = 0;

  private readonly options: DownloadStudyOptions;
  private phase: DownloadProgress['phase'] = 'listing';
  private instances = 0;
  private bytes = 0;
  private totalInstances: number | undefined;
  private waiting: DownloadProgress['waiting'];
  private sourceList: InstanceInfo[] = [];
  private readonly written = new Set<string>();
  private readonly warnings: string[] = [];
  private problem: string | undefined;
  private settle: (outcome: DownloadOutcome) => void = () => undefined;

  constructor(options: DownloadStudyOptions) {
    this.options = options;
    this.signal = options.signal === undefined ? this.controller.signal : AbortSignal.any([options.signal, this.controller.signal]);
    this.result = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  emit(): void {
    if (this.waiting !== undefined && Date.now() >= this.waiting.until) this.waiting = undefined;
    const progress: DownloadProgress = { phase: this.phase, instances: this.instances, bytes: this.bytes, zipBytes: this.zipBytes };
    if (this.totalInstances !== undefined) progress.totalInstances = this.totalInstances;
    if (this.options.estimatedBytes !== undefined) progress.estimatedBytes = this.options.estimatedBytes;
    if (this.waiting !== undefined) progress.waiting = this.waiting;
    this.options.onProgress?.(progress);
  }

  private readonly onRetryAfter = (info: RetryAfterInfo): void => {
    this.waiting = { ...info, until: Date.now() + info.waitSeconds * 1000 };
    this.emit();
  };

  private missingInstances(): DownloadMissingInstance[] {
    return this.sourceList
      .filter((instance) => !this.written.has(instance.sopInstanceUid))
      .map((instance) => ({ seriesInstanceUid: instance.seriesInstanceUid, sopInstanceUid: instance.sopInstanceUid }));
  }

  /** Yields the zip entries: the instances as they arrive, then the README. */
  async *entries(): AsyncGenerator<{ name: string; input: Uint8Array | string; lastModified: Date }> {
    const { study, source } = this.options;
    const lastModified = new Date();
    this.emit();
    this.sourceList = await source.listInstances(study, { signal: this.signal, onRetryAfter: this.onRetryAfter });
    this.totalInstances = this.sourceList.length;
    const seriesOf = new Map(this.sourceList.map((instance) => [instance.sopInstanceUid, instance.seriesInstanceUid]));
    const names = new EntryNames();
    let unlisted = 0;

    this.phase = 'downloading';
    this.emit();
    const stream = source.retrieveStudy(study, { signal: this.signal, onRetryAfter: this.onRetryAfter, expectedInstances: this.sourceList.length });
    try {
      for await (const instance of stream) {
        const sopInstanceUid = instance.sopInstanceUid;
        const seriesInstanceUid = sopInstanceUid === undefined ? undefined : seriesOf.get(sopInstanceUid);
        if (seriesInstanceUid === undefined) unlisted++;
        if (sopInstanceUid !== undefined) this.written.add(sopInstanceUid);
        this.instances++;
        this.bytes += instance.data.length;
        yield { name: names.next(seriesInstanceUid, sopInstanceUid), input: instance.data, lastModified };
        this.emit();
      }
    } catch (error) {
      if (isAbortError(error) || this.signal.aborted) throw this.signal.reason ?? error;
      this.problem = error instanceof Error ? error.message : String(error);
    }
    const retrieved = await stream.result.catch(() => undefined);
    if (retrieved !== undefined && !retrieved.complete) this.problem = retrieved.reason ?? this.problem;
    if (this.instances === 0) {
      throw new StudylineError('truncated', `No instance of the study arrived from the source${this.problem ? `: ${this.problem}` : '.'}`);
    }
    if (unlisted > 0) {
      const one = unlisted === 1;
      this.warnings.push(
        `${unlisted} instance${one ? ' is' : 's are'} not in the source's instance list, so the zip has ${one ? 'it' : 'them'} under unknown-series/.`,
      );
    }

    this.phase = 'finishing';
    const summary: DownloadSummary = {
      studyInstanceUid: study.studyInstanceUid,
      instances: this.instances,
      expected: this.sourceList.length,
      missing: this.missingInstances(),
    };
    if (this.problem !== undefined) summary.problem = this.problem;
    yield { name: README_NAME, input: (this.options.readme ?? defaultReadme)(summary), lastModified };
  }

  /** Settles the outcome: without an error when the zip ended, with the error or abort reason otherwise. */
  finish(error?: unknown): void {
    const missing = this.missingInstances();
    const cancelled = error !== undefined && (isAbortError(error) || this.signal.aborted);
    let state: DownloadOutcome['state'] = 'failed';
    if (error === undefined) state = missing.length === 0 && this.problem === undefined ? 'done' : 'partial';
    else if (cancelled && this.instances > 0) state = 'partial';
    const outcome: DownloadOutcome = {
      state,
      expected: this.sourceList.length,
      instances: this.instances,
      bytes: this.bytes,
      zipBytes: this.zipBytes,
      missing,
      warnings: this.warnings,
      cancelled,
    };
    if (cancelled) outcome.reason = 'The download was cancelled, so the zip is not complete.';
    else if (error !== undefined) outcome.reason = error instanceof Error ? error.message : String(error);
    else if (state === 'partial') {
      outcome.reason = `${missing.length} of ${this.sourceList.length} instances are missing from the zip${this.problem ? `: ${this.problem}` : '.'}`;
    }
    this.settle(outcome);
  }
}

/**
 * Streams a study as a zip: one `SERIES-UID/SOP-UID.dcm` entry per instance,
 * in the order the source sends them, then `README.txt`. client-zip stores
 * the files without compression.
 *
 * When the source's retrieve ends early, the zip still ends properly and its
 * README lists the missing instances. When no instance arrives at all, or
 * the signal aborts, the stream errors instead, so that the saved file is
 * not a complete-looking zip.
 */
export function downloadStudy(options: DownloadStudyOptions): StudyDownload {
  if (typeof options.study?.studyInstanceUid !== 'string' || options.study.studyInstanceUid === '') {
    throw new StudylineError('invalid-argument', 'downloadStudy needs a study with a Study Instance UID.');
  }
  const run = new DownloadRun(options);
  const zip = makeZip(run.entries(), { buffersAreUTF8: true }).getReader();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        // A retrieve whose response has fully arrived no longer reads the signal, so the abort is checked here too.
        run.signal.throwIfAborted();
        const { done, value } = await zip.read();
        run.signal.throwIfAborted();
        if (done) {
          controller.close();
          run.emit();
          run.finish();
          return;
        }
        run.zipBytes += value.length;
        controller.enqueue(value);
      } catch (error) {
        const reason = run.signal.aborted ? run.signal.reason : error;
        controller.error(reason);
        run.finish(reason);
        await zip.cancel(reason).catch(() => undefined);
      }
    },
    async cancel(reason) {
      // client-zip 2.5 does not pass a cancel on to the entries generator, so the retrieve is aborted here.
      run.controller.abort(reason ?? new DOMException('The download was cancelled.', 'AbortError'));
      await zip.cancel(reason).catch(() => undefined);
      run.finish(run.signal.reason);
    },
  });

  const uid = options.study.studyInstanceUid;
  return { stream, fileName: isValidUid(uid) ? `study-${uid}.zip` : 'study.zip', result: run.result };
}

/**
 * Downloads a study as a zip into a WritableStream: in Node, for example
 * `Writable.toWeb(createWriteStream(path))`, and in a browser the stream of
 * a file chosen with `showSaveFilePicker`. Resolves with the outcome, also
 * when the download fails or the destination cannot be written.
 */
export async function writeStudyZip(options: DownloadStudyOptions, destination: WritableStream<Uint8Array>): Promise<DownloadOutcome> {
  const download = downloadStudy(options);
  try {
    await download.stream.pipeTo(destination);
  } catch (error) {
    const outcome = await download.result;
    if (options.signal?.aborted === true || (outcome.state === 'failed' && !outcome.cancelled)) return outcome;
    // The destination failed: pipeTo then cancels the download, which must not read as a cancel by the user.
    return {
      ...outcome,
      state: 'failed',
      cancelled: false,
      reason: `Writing the zip failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  return download.result;
}
