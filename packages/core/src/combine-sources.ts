/**
 * One adapter over several sources: searches all of them at once, merges the
 * studies, and routes every other request to a source that has the study.
 */
import type {
  DicomInstance,
  InstanceStream,
  RenderedImageRequest,
  RequestOptions,
  RetrieveOptions,
  SearchOptions,
  SourceOutcome,
  StoreOptions,
  StoreResult,
  StudySearchQuery,
  StudySearchResult,
  StudySizeEstimate,
  StudylineAdapter,
} from './adapter.js';
import { StudylineError, isAbortError } from './errors.js';
import { mergeStudies } from './merge.js';
import type { InstanceInfo, Series, SourceInfo, StudyLocator } from './model.js';

export interface CombineSourcesOptions {
  /**
   * Time limit per source for one search, in milliseconds. A source that takes
   * longer is reported as failed with code `timeout`, and the others still
   * show. Default 60 000.
   */
  searchTimeoutMs?: number;
  /** The adapter that `storeInstances` writes to, normally the own archive. */
  storeTarget?: StudylineAdapter;
}

function toStudylineError(error: unknown, source: SourceInfo): StudylineError {
  if (error instanceof StudylineError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StudylineError('network', `Source "${source.label}" failed: ${message}`, { cause: error });
}

/** An adapter over several sources that also gives access to each source's own adapter. */
export interface CombinedAdapter extends StudylineAdapter {
  /** The adapters that were combined, in their order. */
  readonly adapters: readonly StudylineAdapter[];
  /**
   * Returns the adapter of a source, for work that must name
   * one archive, such as importing from an external source into the own one.
   */
  adapterForSource(sourceId: string): StudylineAdapter | undefined;
}

/** Tells whether an adapter is the result of `combineSources`. */
export function isCombinedAdapter(adapter: StudylineAdapter): adapter is CombinedAdapter {
  return typeof (adapter as Partial<CombinedAdapter>).adapterForSource === 'function';
}

/** Combines several adapters into one. Source ids must be unique across them. */
export function combineSources(adapters: readonly StudylineAdapter[], options: CombineSourcesOptions = {}): CombinedAdapter {
  const searchTimeoutMs = options.searchTimeoutMs ?? 60_000;
  const sources = adapters.flatMap((adapter) => adapter.sources);
  const seen = new Set<string>();
  for (const source of sources) {
    if (seen.has(source.id)) {
      throw new StudylineError('invalid-argument', `Two sources have the id "${source.id}"; source ids must be unique.`);
    }
    seen.add(source.id);
  }

  /** Adapters holding the study, internal sources first, in the order the study lists them. */
  function adaptersFor(study: StudyLocator): StudylineAdapter[] {
    const ordered: StudylineAdapter[] = [];
    for (const studySource of study.sources) {
      const adapter = adapters.find((candidate) => candidate.sources.some((source) => source.id === studySource.source.id));
      if (adapter !== undefined && !ordered.includes(adapter)) ordered.push(adapter);
    }
    if (ordered.length === 0) {
      throw new StudylineError('invalid-argument', 'None of the sources that hold this study is configured.');
    }
    return ordered;
  }

  /** Tries each adapter that has the study in turn, until one succeeds. */
  async function firstSuccessful<T>(study: StudyLocator, operation: (adapter: StudylineAdapter) => Promise<T>): Promise<T> {
    let lastError: unknown;
    for (const adapter of adaptersFor(study)) {
      try {
        return await operation(adapter);
      } catch (error) {
        if (isAbortError(error)) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  async function searchOne(
    adapter: StudylineAdapter,
    query: StudySearchQuery,
    signal: AbortSignal | undefined,
  ): Promise<StudySearchResult> {
    const timeout = AbortSignal.timeout(searchTimeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await adapter.searchStudies(query, { signal: combined });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const timedOut = timeout.aborted;
      return {
        studies: [],
        sources: adapter.sources.map(
          (source): SourceOutcome => ({
            source,
            studyCount: 0,
            status: {
              state: 'failed',
              error: timedOut
                ? new StudylineError('timeout', `Source "${source.label}" did not respond within ${Math.round(searchTimeoutMs / 1000)} seconds.`)
                : toStudylineError(error, source),
            },
          }),
        ),
      };
    }
  }

  return {
    sources,
    adapters: [...adapters],

    adapterForSource(sourceId: string): StudylineAdapter | undefined {
      return adapters.find((adapter) => adapter.sources.some((source) => source.id === sourceId));
    },

    async searchStudies(query: StudySearchQuery, searchOptions: SearchOptions = {}): Promise<StudySearchResult> {
      const { signal, onPartialResult, onlySources } = searchOptions;
      signal?.throwIfAborted();
      const searched =
        onlySources === undefined ? adapters : adapters.filter((adapter) => adapter.sources.some((source) => onlySources.includes(source.id)));
      const results = new Map<StudylineAdapter, StudySearchResult>();
      const combine = (): StudySearchResult => {
        const done = [...results.values()];
        return {
          studies: mergeStudies(done.map((result) => result.studies)),
          sources: searched.flatMap((adapter) => results.get(adapter)?.sources ?? []),
        };
      };
      await Promise.all(
        searched.map(async (adapter) => {
          const result = await searchOne(adapter, query, signal);
          signal?.throwIfAborted();
          results.set(adapter, result);
          if (onPartialResult) {
            const pending = searched.filter((candidate) => !results.has(candidate)).flatMap((candidate) => candidate.sources);
            onPartialResult(combine(), pending);
          }
        }),
      );
      return combine();
    },

    listSeries(study: StudyLocator, requestOptions?: RequestOptions): Promise<Series[]> {
      return firstSuccessful(study, (adapter) => adapter.listSeries(study, requestOptions));
    },

    listInstances(study: StudyLocator, requestOptions?: RequestOptions & { seriesInstanceUid?: string }): Promise<InstanceInfo[]> {
      return firstSuccessful(study, (adapter) => adapter.listInstances(study, requestOptions));
    },

    fetchRenderedImage(request: RenderedImageRequest, requestOptions?: RequestOptions): Promise<Blob> {
      return firstSuccessful(request.study, (adapter) => adapter.fetchRenderedImage(request, requestOptions));
    },

    estimateStudySize(study: StudyLocator, requestOptions?: RequestOptions): Promise<StudySizeEstimate> {
      return firstSuccessful(study, (adapter) => {
        if (adapter.estimateStudySize === undefined) {
          return Promise.reject(new StudylineError('not-supported', 'This source cannot estimate the size of a study.'));
        }
        return adapter.estimateStudySize(study, requestOptions);
      });
    },

    retrieveStudy(study: StudyLocator, retrieveOptions?: RetrieveOptions): InstanceStream {
      // A retrieve cannot switch sources halfway without losing track of what arrived, so it uses the first.
      return adaptersFor(study)[0].retrieveStudy(study, retrieveOptions);
    },

    storeInstances(instances: AsyncIterable<DicomInstance> | Iterable<DicomInstance>, storeOptions?: StoreOptions): Promise<StoreResult> {
      if (!options.storeTarget) {
        return Promise.reject(
          new StudylineError('not-supported', 'This combination of sources has no store target; pass storeTarget to combineSources.'),
        );
      }
      return options.storeTarget.storeInstances(instances, storeOptions);
    },
  };
}
