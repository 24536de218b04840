/**
 * Loads the thumbnails of the series that are on screen, for one study
 * preview: an IntersectionObserver starts a series' request when its row
 * comes into view and aborts it when the row leaves before it finished.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { StudylineError, isAbortError, type Study, type StudylineAdapter } from '@studyline/core';
import { thumbnailKey, thumbnailStoreFor, type ThumbnailStore } from './thumbnail-store.js';

/** One series' thumbnail as the preview shows it. */
export type ThumbnailState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; url: string }
  /** The source has no rendered images, such as an XDS-I.b source: the series opens in the viewer all the same. */
  | { status: 'unavailable' }
  | { status: 'error'; error: unknown };

const IDLE: ThumbnailState = { status: 'idle' };

interface SeriesThumbnail {
  state: ThumbnailState;
  controller?: AbortController;
  /** The cache key of the object URL that this preview uses. */
  urlKey?: string;
}

export interface ThumbnailContext {
  adapter: StudylineAdapter;
  study: Study;
  /** Size of the square the thumbnail must fit, in device pixels. */
  size: number;
}

/** Returns the ids of the sources that hold a study, so that a study that gains a source, as after an import, loads again. */
export function studySourcesKey(study: Study | undefined): string {
  const sources = Array.isArray(study?.sources) ? study.sources : [];
  return sources.map((entry) => entry?.source?.id ?? '').join('|');
}

/** Reads a series UID from a row's `data-series-uid` attribute. */
function seriesUidOf(element: Element): string | undefined {
  return (element as HTMLElement).dataset?.seriesUid;
}

export class ThumbnailController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private context: ThumbnailContext | undefined;
  private store: ThumbnailStore | undefined;
  private readonly thumbnails = new Map<string, SeriesThumbnail>();
  /** Every element handed to `observe`, so that a host that connects again observes them again. */
  private readonly targets = new Set<Element>();
  private observer: IntersectionObserver | undefined;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  /** Returns the thumbnail state of a series. */
  state(seriesInstanceUid: string): ThumbnailState {
    return this.thumbnails.get(seriesInstanceUid)?.state ?? IDLE;
  }

  /**
   * Sets the study and adapter. A different study, adapter or size aborts
   * every request of the previous one and releases its object URLs.
   */
  setContext(context: ThumbnailContext | undefined): void {
    // Rows that left the DOM, such as those of a series list that loads again, stop being watched.
    for (const target of this.targets) {
      if (!target.isConnected) this.unobserve(target);
    }
    const same =
      context?.adapter === this.context?.adapter &&
      context?.study.studyInstanceUid === this.context?.study.studyInstanceUid &&
      studySourcesKey(context?.study) === studySourcesKey(this.context?.study) &&
      context?.size === this.context?.size;
    if (same && (context === undefined) === (this.context === undefined)) {
      this.context = context;
      return;
    }
    const sameStudy = context !== undefined && context.study.studyInstanceUid === this.context?.study.studyInstanceUid;
    this.reset();
    this.context = context;
    this.store = context === undefined ? undefined : thumbnailStoreFor(context.adapter);
    // Rows of the same study stay on screen, so observing them again loads their thumbnails for the new
    // adapter or size. Rows of another study are replaced, and their successors are observed as they render.
    if (!sameStudy) {
      for (const target of this.targets) this.unobserve(target);
      return;
    }
    for (const target of this.targets) {
      this.observer?.unobserve(target);
      this.observer?.observe(target);
    }
  }

  /**
   * Watches a row (with `data-series-uid`) and loads its thumbnail while it
   * is on screen. Undefined, which lit's `ref` directive passes when a row
   * goes away, is ignored: rows that left the DOM stop being watched at the
   * next `setContext`.
   */
  observe(element: Element | undefined): void {
    if (element === undefined || this.targets.has(element)) return;
    this.targets.add(element);
    this.observer?.observe(element);
  }

  unobserve(element: Element): void {
    this.targets.delete(element);
    this.observer?.unobserve(element);
  }

  /** Loads a series' thumbnail again after a failure. */
  retry(seriesInstanceUid: string): void {
    const thumbnail = this.thumbnails.get(seriesInstanceUid);
    if (thumbnail?.state.status !== 'error') return;
    this.thumbnails.delete(seriesInstanceUid);
    this.start(seriesInstanceUid);
  }

  hostConnected(): void {
    this.observer = new IntersectionObserver((entries) => this.onIntersection(entries));
    for (const target of this.targets) this.observer.observe(target);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.reset();
  }

  private onIntersection(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const uid = seriesUidOf(entry.target);
      if (uid === undefined) continue;
      if (entry.isIntersecting) this.start(uid);
      else this.stopLoading(uid);
    }
  }

  private start(seriesInstanceUid: string): void {
    const context = this.context;
    const store = this.store;
    if (context === undefined || store === undefined) return;
    const existing = this.thumbnails.get(seriesInstanceUid);
    if (existing !== undefined && existing.state.status !== 'idle') return;

    const key = thumbnailKey(context.study.studyInstanceUid, seriesInstanceUid, context.size);
    if (store.has(key)) {
      this.showCached(seriesInstanceUid, key);
      return;
    }

    const controller = new AbortController();
    const thumbnail: SeriesThumbnail = { state: { status: 'loading' }, controller };
    this.thumbnails.set(seriesInstanceUid, thumbnail);
    this.host.requestUpdate();

    const fetchImage = (signal: AbortSignal): Promise<Blob> =>
      context.adapter.fetchRenderedImage(
        {
          study: context.study,
          seriesInstanceUid,
          viewport: { width: context.size, height: context.size },
          kind: 'thumbnail',
        },
        { signal, priority: 'low' },
      );
    store.load(key, fetchImage, controller.signal).then(
      () => {
        if (this.thumbnails.get(seriesInstanceUid) !== thumbnail) return;
        this.showCached(seriesInstanceUid, key);
      },
      (error: unknown) => {
        if (this.thumbnails.get(seriesInstanceUid) !== thumbnail) return;
        if (controller.signal.aborted && isAbortError(error)) return;
        const unavailable = error instanceof StudylineError && error.code === 'not-supported';
        this.thumbnails.set(seriesInstanceUid, { state: unavailable ? { status: 'unavailable' } : { status: 'error', error } });
        this.host.requestUpdate();
      },
    );
  }

  private showCached(seriesInstanceUid: string, key: string): void {
    const url = this.store?.acquireUrl(key);
    if (url === undefined) return;
    this.thumbnails.set(seriesInstanceUid, { state: { status: 'loaded', url }, urlKey: key });
    this.host.requestUpdate();
  }

  /** Aborts a thumbnail that is still loading when its row leaves the screen. */
  private stopLoading(seriesInstanceUid: string): void {
    const thumbnail = this.thumbnails.get(seriesInstanceUid);
    if (thumbnail?.state.status !== 'loading') return;
    this.thumbnails.delete(seriesInstanceUid);
    thumbnail.controller?.abort();
    this.host.requestUpdate();
  }

  /** Aborts every request and releases every object URL of this preview. */
  private reset(): void {
    for (const thumbnail of this.thumbnails.values()) {
      thumbnail.controller?.abort();
      if (thumbnail.urlKey !== undefined) this.store?.releaseUrl(thumbnail.urlKey);
    }
    this.thumbnails.clear();
    this.host.requestUpdate();
  }
}
