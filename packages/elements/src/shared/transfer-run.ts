import type { ReactiveControllerHost } from 'lit';
import { RetryAfterCountdown } from './transfer-progress.js';

/** The part of an import's or download's progress that a 503 `Retry-After` wait sets. */
export interface WaitingProgress {
  readonly waiting?: { readonly until: number; readonly waitSeconds: number };
}

/**
 * The runs of an import or download element: the AbortController of the run
 * in progress, its latest progress with the countdown of a `Retry-After`
 * wait, and the outcome of the last run. Each run is known by its
 * AbortController, so a run that was cancelled or replaced cannot change
 * the state when its progress or outcome arrives late.
 */
export class TransferRunController<Progress extends WaitingProgress, Outcome> {
  private readonly host: ReactiveControllerHost;
  private readonly countdown: RetryAfterCountdown;
  private abortController: AbortController | undefined;
  private latestProgress: Progress | undefined;
  private lastOutcome: Outcome | undefined;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    this.countdown = new RetryAfterCountdown(host);
  }

  /** True while a run is in progress. */
  get running(): boolean {
    return this.abortController !== undefined;
  }

  /** The latest progress of the running or last run. */
  get progress(): Progress | undefined {
    return this.latestProgress;
  }

  /** The outcome of the last run, until the next run starts or `reset` is called. */
  get outcome(): Outcome | undefined {
    return this.lastOutcome;
  }

  /** Seconds left of the current `Retry-After` wait, rounded up, or undefined when no wait is running. */
  get waitingSeconds(): number | undefined {
    return this.countdown.remainingSeconds;
  }

  /** Starts a run, clears the previous progress and outcome, and returns the run's AbortController. */
  begin(): AbortController {
    const controller = new AbortController();
    this.abortController = controller;
    this.setProgress(undefined);
    this.lastOutcome = undefined;
    this.host.requestUpdate();
    return controller;
  }

  /** Returns true when `controller` belongs to the run in progress. */
  isCurrent(controller: AbortController): boolean {
    return this.abortController === controller;
  }

  /**
   * Stores the latest progress of the run in progress. Returns true when the
   * progress starts a new `Retry-After` wait, which the element announces.
   */
  advance(progress: Progress): boolean {
    const waitStarted = progress.waiting !== undefined && progress.waiting.until !== this.latestProgress?.waiting?.until;
    this.setProgress(progress);
    this.host.requestUpdate();
    return waitStarted;
  }

  /**
   * Ends the run of `controller` with its outcome. Returns false, and changes
   * nothing, when that run is no longer the current one.
   */
  finish(controller: AbortController, outcome: Outcome): boolean {
    if (!this.isCurrent(controller)) return false;
    this.abortController = undefined;
    this.lastOutcome = outcome;
    this.host.requestUpdate();
    return true;
  }

  /** Aborts the run in progress with `reason`. Its outcome still arrives through `finish`. */
  abort(reason: DOMException): void {
    this.abortController?.abort(reason);
  }

  /** Aborts the run in progress with `reason`, and clears the progress and the outcome. */
  reset(reason: DOMException): void {
    this.abortController?.abort(reason);
    this.abortController = undefined;
    this.setProgress(undefined);
    this.lastOutcome = undefined;
    this.host.requestUpdate();
  }

  private setProgress(progress: Progress | undefined): void {
    this.latestProgress = progress;
    this.countdown.set(progress?.waiting?.until);
  }
}
