/**
 * One queue per adapter for the requests of every study preview: images a
 * user opened go first, thumbnails wait their turn.
 */
import type { StudylineAdapter } from '@studyline/core';

/** Maximum number of thumbnail requests in flight per adapter. */
export const MAX_THUMBNAIL_REQUESTS = 6;
/**
 * Maximum number of thumbnail requests in flight while an opened series is
 * loading. Browsers open at most six HTTP/1.1 connections per host, so this
 * leaves connections free for the opened images.
 */
export const MAX_THUMBNAIL_REQUESTS_WHILE_VIEWING = 2;

interface QueuedTask {
  start: () => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * Runs tasks at two priorities. `high` tasks (the images of an opened
 * series) start at once. `low` tasks (thumbnails) start in the order they
 * were scheduled, at most `maxLow` at a time, and fewer while a `high` task runs.
 */
export class RequestScheduler {
  readonly maxLow: number;
  readonly maxLowWhileHigh: number;
  private runningLow = 0;
  private runningHigh = 0;
  private readonly queue: QueuedTask[] = [];

  constructor(maxLow = MAX_THUMBNAIL_REQUESTS, maxLowWhileHigh = MAX_THUMBNAIL_REQUESTS_WHILE_VIEWING) {
    this.maxLow = maxLow;
    this.maxLowWhileHigh = Math.min(maxLow, maxLowWhileHigh);
  }

  /** Number of `low` tasks running now. */
  get lowInFlight(): number {
    return this.runningLow;
  }

  /** Number of `low` tasks waiting to start. */
  get lowQueued(): number {
    return this.queue.length;
  }

  /**
   * Runs `task` when its priority allows. A `signal` that aborts while the
   * task waits removes it from the queue and rejects with the abort reason.
   * Once a task has started, it must watch the signal itself.
   */
  run<T>(priority: 'high' | 'low', task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (priority === 'high') return this.runHigh(task);

    return new Promise<T>((resolve, reject) => {
      const queued: QueuedTask = {
        signal,
        start: () => {
          this.runningLow++;
          task()
            .then(resolve, reject)
            .finally(() => {
              this.runningLow--;
              this.drain();
            });
        },
      };
      if (signal !== undefined) {
        queued.onAbort = () => {
          const index = this.queue.indexOf(queued);
          if (index === -1) return;
          this.queue.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', queued.onAbort, { once: true });
      }
      this.queue.push(queued);
      this.drain();
    });
  }

  private async runHigh<T>(task: () => Promise<T>): Promise<T> {
    this.runningHigh++;
    try {
      return await task();
    } finally {
      this.runningHigh--;
      this.drain();
    }
  }

  private drain(): void {
    const limit = this.runningHigh > 0 ? this.maxLowWhileHigh : this.maxLow;
    while (this.runningLow < limit && this.queue.length > 0) {
      const next = this.queue.shift() as QueuedTask;
      if (next.onAbort !== undefined) next.signal?.removeEventListener('abort', next.onAbort);
      next.start();
    }
  }
}

const schedulers = new WeakMap<StudylineAdapter, RequestScheduler>();

/** Returns the scheduler that every preview shares for one adapter. */
export function schedulerFor(adapter: StudylineAdapter): RequestScheduler {
  let scheduler = schedulers.get(adapter);
  if (scheduler === undefined) {
    scheduler = new RequestScheduler();
    schedulers.set(adapter, scheduler);
  }
  return scheduler;
}
