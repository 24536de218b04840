/**
 * Thumbnails of one adapter, shared by every study preview that uses it: a
 * bounded cache of image Blobs, one request per thumbnail however many
 * previews ask for it, and object URLs that live only while shown.
 */
import { isAbortError, type StudylineAdapter } from '@studyline/core';
import { schedulerFor, type RequestScheduler } from './request-scheduler.js';

export interface ThumbnailStoreOptions {
  /** Maximum number of cached thumbnails. Default 500. */
  maxEntries?: number;
  /** Maximum size of the cached thumbnails in bytes. Default 32 MiB. */
  maxBytes?: number;
}

interface CacheEntry {
  blob: Blob;
  /** The object URL while at least one preview shows the thumbnail. */
  url?: string;
  /** Number of previews that show the thumbnail now. */
  users: number;
}

interface PendingLoad {
  promise: Promise<Blob>;
  controller: AbortController;
  /** Number of callers still waiting. The request is aborted when none is left. */
  waiting: number;
}

/**
 * A cache of thumbnails by key, least recently used first out. A thumbnail
 * that a preview shows (between `acquireUrl` and `releaseUrl`) is never
 * evicted, so the limits can be exceeded by the thumbnails on screen.
 */
export class ThumbnailStore {
  readonly maxEntries: number;
  readonly maxBytes: number;
  private readonly scheduler: RequestScheduler;
  private readonly entries = new Map<string, CacheEntry>();
  private readonly pending = new Map<string, PendingLoad>();
  private bytes = 0;

  constructor(scheduler: RequestScheduler, options: ThumbnailStoreOptions = {}) {
    this.scheduler = scheduler;
    this.maxEntries = options.maxEntries ?? 500;
    this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  }

  /** Number of cached thumbnails. */
  get size(): number {
    return this.entries.size;
  }

  /** Size of the cached thumbnails in bytes. */
  get byteSize(): number {
    return this.bytes;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * Returns the cached thumbnail, or fetches it through the scheduler at low
   * priority. Callers that ask for the same key while it loads share one
   * request, which is aborted only when every caller's signal has aborted.
   * Failures are not cached.
   */
  load(key: string, fetchImage: (signal: AbortSignal) => Promise<Blob>, signal?: AbortSignal): Promise<Blob> {
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      this.touch(key, cached);
      return Promise.resolve(cached.blob);
    }
    if (signal?.aborted) return Promise.reject(signal.reason);

    let load = this.pending.get(key);
    if (load === undefined) {
      const controller = new AbortController();
      const promise = this.scheduler.run('low', () => fetchImage(controller.signal), controller.signal);
      load = { promise, controller, waiting: 0 };
      this.pending.set(key, load);
      const settled = load;
      promise.then(
        (blob) => {
          if (this.pending.get(key) === settled) this.pending.delete(key);
          this.store(key, blob);
        },
        () => {
          if (this.pending.get(key) === settled) this.pending.delete(key);
        },
      );
    }
    return this.wait(key, load, signal);
  }

  /**
   * Returns an object URL for a cached thumbnail and counts one more user,
   * or undefined when the key is not cached. Pair every URL with `releaseUrl`.
   */
  acquireUrl(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    entry.users++;
    entry.url ??= URL.createObjectURL(entry.blob);
    this.touch(key, entry);
    return entry.url;
  }

  /** Counts one user less, and revokes the object URL when no preview shows the thumbnail any more. */
  releaseUrl(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.users === 0) return;
    entry.users--;
    if (entry.users === 0 && entry.url !== undefined) {
      URL.revokeObjectURL(entry.url);
      entry.url = undefined;
    }
    this.evict();
  }

  /** Removes every thumbnail that no preview shows. */
  clear(): void {
    for (const [key, entry] of this.entries) {
      if (entry.users === 0) this.remove(key, entry);
    }
  }

  private wait(key: string, load: PendingLoad, signal: AbortSignal | undefined): Promise<Blob> {
    load.waiting++;
    if (signal === undefined) return load.promise;
    return new Promise<Blob>((resolve, reject) => {
      const onAbort = (): void => {
        load.waiting--;
        if (load.waiting === 0) {
          load.controller.abort(signal.reason);
          if (this.pending.get(key) === load) this.pending.delete(key);
        }
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      load.promise.then(
        (blob) => {
          signal.removeEventListener('abort', onAbort);
          resolve(blob);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          // The shared request was aborted because every caller left, and this caller's own abort already rejected.
          if (signal.aborted && isAbortError(error)) return;
          reject(error);
        },
      );
    });
  }

  private store(key: string, blob: Blob): void {
    const existing = this.entries.get(key);
    if (existing !== undefined) return;
    this.entries.set(key, { blob, users: 0 });
    this.bytes += blob.size;
    this.evict();
  }

  /** Marks an entry as used most recently. Map iteration follows insertion order, so it moves to the end. */
  private touch(key: string, entry: CacheEntry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) return;
      if (entry.users === 0) this.remove(key, entry);
    }
  }

  private remove(key: string, entry: CacheEntry): void {
    if (entry.url !== undefined) URL.revokeObjectURL(entry.url);
    this.entries.delete(key);
    this.bytes -= entry.blob.size;
  }
}

const stores = new WeakMap<StudylineAdapter, ThumbnailStore>();

/**
 * Returns the thumbnail store that every preview shares for one adapter. The
 * options apply when the first preview for that adapter creates the store.
 */
export function thumbnailStoreFor(adapter: StudylineAdapter, options?: ThumbnailStoreOptions): ThumbnailStore {
  let store = stores.get(adapter);
  if (store === undefined) {
    store = new ThumbnailStore(schedulerFor(adapter), options);
    stores.set(adapter, store);
  }
  return store;
}

/** Returns the cache key of a series' thumbnail at one size in device pixels. */
export function thumbnailKey(studyInstanceUid: string, seriesInstanceUid: string, size: number): string {
  return `${studyInstanceUid}/${seriesInstanceUid}@${size}`;
}
