/**
 * A StudylineAdapter for tests whose sources respond when the test calls `respond`.
 * Searches are real Promises, report partial results like `combineSources`,
 * and reject with the signal's reason when aborted.
 */
import {
  StudylineError,
  mergeStudies,
  type InstanceStream,
  type SearchOptions,
  type SourceInfo,
  type SourceOutcome,
  type SourceStatus,
  type StoreResult,
  type Study,
  type StudySearchQuery,
  type StudySearchResult,
  type StudylineAdapter,
} from '@studyline/core';

/** One call of `searchStudies`, with controls to complete it. */
export interface ScriptedSearch {
  query: StudySearchQuery;
  signal: AbortSignal | undefined;
  /** The source ids of a retry of some sources, as `SearchOptions.onlySources` passed them. */
  onlySources: readonly string[] | undefined;
  /** Makes one source respond with studies and a status (complete by default). */
  respond(sourceId: string, studies: Study[], status?: SourceStatus): void;
  /** Makes the whole search reject, as a broken adapter would. */
  reject(error: unknown): void;
}

export class ScriptedAdapter implements StudylineAdapter {
  readonly sources: readonly SourceInfo[];
  readonly searches: ScriptedSearch[] = [];
  private readonly waiters: ((search: ScriptedSearch) => void)[] = [];

  constructor(sources: readonly SourceInfo[]) {
    this.sources = sources;
  }

  /** Resolves with the next search, or the latest one when `searches` already has more than `seen`. */
  nextSearch(seen = this.searches.length): Promise<ScriptedSearch> {
    if (this.searches.length > seen) return Promise.resolve(this.searches[seen]);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  searchStudies(query: StudySearchQuery, options: SearchOptions = {}): Promise<StudySearchResult> {
    const { signal, onPartialResult, onlySources } = options;
    const searchedSources = onlySources === undefined ? this.sources : this.sources.filter((source) => onlySources.includes(source.id));
    const responded = new Map<string, { studies: Study[]; outcome: SourceOutcome }>();

    return new Promise<StudySearchResult>((resolve, reject) => {
      const combine = (): StudySearchResult => ({
        studies: mergeStudies([...responded.values()].map((answer) => answer.studies)),
        sources: searchedSources.flatMap((source) => responded.get(source.id)?.outcome ?? []),
      });
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });

      const search: ScriptedSearch = {
        query,
        signal,
        onlySources,
        respond: (sourceId, studies, status = { state: 'complete' }) => {
          if (signal?.aborted) return;
          const source = this.sources.find((candidate) => candidate.id === sourceId);
          if (source === undefined) throw new Error(`The scripted adapter has no source "${sourceId}".`);
          responded.set(sourceId, { studies, outcome: { source, status, studyCount: studies.length } });
          const pending = searchedSources.filter((candidate) => !responded.has(candidate.id));
          if (pending.length === 0) resolve(combine());
          else onPartialResult?.(combine(), pending);
        },
        reject: (error) => reject(error),
      };
      this.searches.push(search);
      this.waiters.splice(0).forEach((waiter) => waiter(search));
    });
  }

  listSeries(): Promise<never> {
    return Promise.reject(new StudylineError('not-supported', 'The scripted adapter only searches.'));
  }

  listInstances(): Promise<never> {
    return Promise.reject(new StudylineError('not-supported', 'The scripted adapter only searches.'));
  }

  fetchRenderedImage(): Promise<never> {
    return Promise.reject(new StudylineError('not-supported', 'The scripted adapter only searches.'));
  }

  retrieveStudy(): InstanceStream {
    throw new StudylineError('not-supported', 'The scripted adapter only searches.');
  }

  storeInstances(): Promise<StoreResult> {
    return Promise.reject(new StudylineError('not-supported', 'The scripted adapter only searches.'));
  }
}

/**
 * Returns an adapter whose sources respond with their part of `result` after
 * the given delays in milliseconds, through real timers, so stories can show
 * the timeline filling in source by source. Honours the AbortSignal.
 */
export function createDelayedAdapter(result: StudySearchResult, delaysMs: Readonly<Record<string, number>>): ScriptedAdapter {
  const adapter = new ScriptedAdapter(result.sources.map((outcome) => outcome.source));
  const respondAll = (search: ScriptedSearch): void => {
    for (const outcome of result.sources) {
      const studies = result.studies.filter((study) => study.sources[0]?.source.id === outcome.source.id);
      const timer = setTimeout(() => search.respond(outcome.source.id, studies, outcome.status), delaysMs[outcome.source.id] ?? 0);
      search.signal?.addEventListener('abort', () => clearTimeout(timer), { once: true });
    }
  };
  const search = adapter.searchStudies.bind(adapter);
  adapter.searchStudies = (query, options) => {
    const promise = search(query, options);
    respondAll(adapter.searches[adapter.searches.length - 1]);
    return promise;
  };
  return adapter;
}
