/**
 * Loading of one patient's imaging history through a `StudylineAdapter`, for
 * any Lit element.
 *
 * `@lit/task` only exposes a task's final value, but a history should appear
 * source by source as each one responds. This controller passes
 * `onPartialResult` to the adapter and re-renders its host on every partial
 * result.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  StudylineError,
  sortStudiesNewestFirst,
  type PatientIdentifier,
  type SourceInfo,
  type SourceOutcome,
  type StudySearchQuery,
  type StudySearchResult,
  type StudylineAdapter,
} from '@studyline/core';

export type HistoryStatus = 'idle' | 'loading' | 'complete' | 'error';

/** A request for one patient's history. */
export interface HistoryRequest {
  adapter: StudylineAdapter;
  patient: PatientIdentifier | readonly PatientIdentifier[];
  /** Search filters other than the patient. */
  query?: Omit<StudySearchQuery, 'patient'>;
}

export interface HistoryState {
  /**
   * `loading` while any source is still searching, `complete` when all
   * responded and at least one did not fail, `error` when all failed or the
   * adapter rejected.
   */
  status: HistoryStatus;
  /** The result so far. Undefined before the first source responded for this patient. */
  result: StudySearchResult | undefined;
  /** Sources still searching. */
  pending: readonly SourceInfo[];
}

export interface HistoryControllerOptions {
  /** Called once per search that ends without being aborted, with the final result. */
  onSettled?: (result: StudySearchResult, status: HistoryStatus) => void;
  /** Called when a source responds while others are still pending, with the result so far. */
  onProgress?: (result: StudySearchResult, pending: readonly SourceInfo[]) => void;
}

/** Returns whether two requests ask for the same search, so that a re-render does not restart it. */
export function sameHistoryRequest(a: HistoryRequest | undefined, b: HistoryRequest | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.adapter === b.adapter && JSON.stringify([a.patient, a.query]) === JSON.stringify([b.patient, b.query]);
}

/** Returns `error` when every source failed, else `complete`. */
export function settledStatus(result: StudySearchResult): HistoryStatus {
  const allFailed = result.sources.length > 0 && result.sources.every((outcome) => outcome.status.state === 'failed');
  return allFailed ? 'error' : 'complete';
}

/**
 * Combines a partial result of a retry with the previous result of the same
 * search: sources that have not responded again keep their previous studies
 * and outcomes, so a retry does not blank out what was already shown.
 */
export function carryOverPending(
  partial: StudySearchResult,
  previous: StudySearchResult,
  pending: readonly SourceInfo[],
): StudySearchResult {
  const pendingIds = new Set(pending.map((source) => source.id));
  const respondedUids = new Set(partial.studies.map((study) => study.studyInstanceUid));
  const carriedStudies = previous.studies.filter(
    (study) =>
      !respondedUids.has(study.studyInstanceUid) && study.sources.some((studySource) => pendingIds.has(studySource.source.id)),
  );
  const respondedSourceIds = new Set(partial.sources.map((outcome) => outcome.source.id));
  const carriedOutcomes = previous.sources.filter(
    (outcome) => pendingIds.has(outcome.source.id) && !respondedSourceIds.has(outcome.source.id),
  );
  return {
    studies: sortStudiesNewestFirst([...partial.studies, ...carriedStudies]),
    sources: [...partial.sources, ...carriedOutcomes],
  };
}

function failedResult(adapter: StudylineAdapter, error: unknown, sources: readonly SourceInfo[] = adapter.sources): StudySearchResult {
  const cause = error instanceof StudylineError ? error : undefined;
  const message = error instanceof Error ? error.message : 'The search failed.';
  return {
    studies: [],
    sources: sources.map(
      (source): SourceOutcome => ({
        source,
        studyCount: 0,
        status: { state: 'failed', error: cause ?? new StudylineError('network', message, { cause: error }) },
      }),
    ),
  };
}

/**
 * A ReactiveController that searches one patient's studies, keeps the
 * partial results as sources respond, aborts a search when the request
 * changes or the host disconnects, and retries on request.
 */
export class StudyHistoryController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly options: HistoryControllerOptions;
  private request: HistoryRequest | undefined;
  private abortController: AbortController | undefined;
  private interruptedByDisconnect = false;
  private currentState: HistoryState = { status: 'idle', result: undefined, pending: [] };

  constructor(host: ReactiveControllerHost, options: HistoryControllerOptions = {}) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  get state(): HistoryState {
    return this.currentState;
  }

  get status(): HistoryStatus {
    return this.currentState.status;
  }

  get result(): StudySearchResult | undefined {
    return this.currentState.result;
  }

  get pending(): readonly SourceInfo[] {
    return this.currentState.pending;
  }

  /**
   * Starts a search for the request, aborting the one in progress, or resets
   * to `idle` for `undefined`. Does nothing when the request equals the
   * current one, so hosts may call it on every update.
   */
  load(request: HistoryRequest | undefined): void {
    if (sameHistoryRequest(request, this.request)) return;
    this.abort();
    this.request = request;
    // A new patient or source must never show the previous patient's studies.
    this.setState({ status: 'idle', result: undefined, pending: [] });
    if (request !== undefined) this.start(request, false);
  }

  /** Searches again with the same request. The previous result stays visible until sources respond again. */
  /**
   * Searches again with the same request: every source, or only the adapters
   * that serve the given source ids. The other sources keep their studies
   * and statuses.
   */
  retry(sourceIds?: readonly string[]): void {
    if (this.request === undefined) return;
    this.abort();
    this.start(this.request, true, sourceIds);
  }

  /** Aborts the search in progress, if any. The result so far stays. */
  abort(): void {
    this.abortController?.abort();
    this.abortController = undefined;
  }

  hostConnected(): void {
    if (this.interruptedByDisconnect && this.request !== undefined) {
      this.interruptedByDisconnect = false;
      this.start(this.request, true);
    }
  }

  hostDisconnected(): void {
    if (this.abortController !== undefined) {
      this.interruptedByDisconnect = true;
      this.abort();
    }
  }

  private start(request: HistoryRequest, keepPrevious: boolean, onlySources?: readonly string[]): void {
    const abortController = new AbortController();
    this.abortController = abortController;
    const { signal } = abortController;
    const previous = keepPrevious ? this.currentState.result : undefined;
    const partialRetry = previous !== undefined && onlySources !== undefined;
    const retriedSources = partialRetry ? request.adapter.sources.filter((source) => onlySources.includes(source.id)) : request.adapter.sources;
    this.setState({ status: 'loading', result: previous, pending: retriedSources });

    // In a retry of some sources, every source without a new outcome keeps its previous one.
    const withPrevious = (result: StudySearchResult, pending: readonly SourceInfo[]): StudySearchResult => {
      if (previous === undefined) return result;
      if (!partialRetry) return carryOverPending(result, previous, pending);
      const responded = new Set(result.sources.map((outcome) => outcome.source.id));
      return carryOverPending(result, previous, request.adapter.sources.filter((source) => !responded.has(source.id)));
    };

    const query: StudySearchQuery = { ...request.query, patient: request.patient };
    const onPartialResult = (partial: StudySearchResult, pending: readonly SourceInfo[]): void => {
      if (signal.aborted) return;
      const result = withPrevious(partial, pending);
      this.setState({ status: 'loading', result, pending });
      this.options.onProgress?.(result, pending);
    };

    let search: Promise<StudySearchResult>;
    try {
      search = request.adapter.searchStudies(query, { signal, onPartialResult, ...(partialRetry ? { onlySources } : {}) });
    } catch (error) {
      // An adapter that throws synchronously is treated like one that rejects.
      search = Promise.reject(error);
    }
    search.then(
      (result) => {
        const combined = partialRetry ? withPrevious(result, []) : result;
        this.finish(abortController, combined, settledStatus(combined));
      },
      (error: unknown) => {
        // An abort of this search is expected. A timeout or abort from inside the adapter is a failure.
        if (signal.aborted) return;
        const failed = failedResult(request.adapter, error, partialRetry ? retriedSources : undefined);
        if (!partialRetry) {
          this.finish(abortController, failed, 'error');
          return;
        }
        const combined = withPrevious(failed, []);
        this.finish(abortController, combined, settledStatus(combined));
      },
    );
  }

  private finish(abortController: AbortController, result: StudySearchResult, status: HistoryStatus): void {
    if (abortController !== this.abortController || abortController.signal.aborted) return;
    this.abortController = undefined;
    this.setState({ status, result, pending: [] });
    this.options.onSettled?.(result, status);
  }

  private setState(state: HistoryState): void {
    this.currentState = state;
    this.host.requestUpdate();
  }
}
