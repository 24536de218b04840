/**
 * Building blocks shared by the import and download elements: byte sizes in
 * the element's language, the countdown of a 503 `Retry-After` wait, and the
 * progress block with its bar and Cancel button.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { LocalizeController } from './localize.js';

/** Units of `Intl.NumberFormat` for byte sizes, in steps of 1,000 as their names define. */
const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'petabyte'] as const;

/** Formats a number of bytes as "340 kB", "12 MB" or "1.2 GB" in the element's language. */
export function formatBytes(localize: LocalizeController, bytes: number): string {
  let value = Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  // One decimal below 10 of a unit ("1.2 MB"), none above ("12 MB", "340 kB") and none for bytes.
  const fractionDigits = unit > 0 && value < 10 ? 1 : 0;
  return localize.formatNumber(value, { style: 'unit', unit: BYTE_UNITS[unit], unitDisplay: 'short', maximumFractionDigits: fractionDigits });
}

/** Formats a number of seconds as "3 seconds" or "3 seconden" in the element's language. */
export function formatSeconds(localize: LocalizeController, seconds: number): string {
  return localize.formatNumber(seconds, { style: 'unit', unit: 'second', unitDisplay: 'long' });
}

/**
 * Counts down a 503 `Retry-After` wait and re-renders its host once per
 * second of the wait, so the remaining seconds stay current without an
 * update on every progress event.
 */
export class RetryAfterCountdown implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private until: number | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private shownSeconds: number | undefined;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  /** Seconds left of the wait, rounded up, or undefined when no wait is running. */
  get remainingSeconds(): number | undefined {
    if (this.until === undefined) return undefined;
    const milliseconds = this.until - Date.now();
    return milliseconds > 0 ? Math.ceil(milliseconds / 1000) : undefined;
  }

  /** Starts a countdown to `until` (milliseconds since 1970-01-01 UTC), or stops it with undefined. */
  set(until: number | undefined): void {
    if (until === this.until) return;
    this.until = until;
    this.shownSeconds = this.remainingSeconds;
    if (this.shownSeconds === undefined) {
      this.stop();
      return;
    }
    // Checked four times a second, so the shown number changes within 250 ms of each whole second.
    this.timer ??= setInterval(() => this.tick(), 250);
  }

  hostDisconnected(): void {
    this.stop();
  }

  private tick(): void {
    const remaining = this.remainingSeconds;
    if (remaining === this.shownSeconds) return;
    this.shownSeconds = remaining;
    if (remaining === undefined) this.stop();
    this.host.requestUpdate();
  }

  private stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.until !== undefined && this.remainingSeconds === undefined) this.until = undefined;
  }
}

/** The counts of an import's or download's progress that the bar shows. */
export interface ProgressCounts {
  /** `listing` while the source lists the study; the other phases differ between import and download. */
  readonly phase: string;
  readonly instances: number;
  readonly totalInstances?: number;
}

/** Content of the progress block. */
export interface ProgressView {
  localize: LocalizeController;
  /** Accessible name of the progress bar. */
  label: string;
  /** Current activity, such as "Copying from A to B…". */
  phase: string;
  /**
   * The run's latest progress. The bar is determinate once the total number
   * of instances is known, and indeterminate before the first progress and
   * while the source lists the study.
   */
  progress: ProgressCounts | undefined;
  /** Counts in words, such as "3 of 12 instances · 1.2 MB". */
  counts: string;
  /** The Retry-After wait in words, while one runs. */
  waiting?: string;
  onCancel: () => void;
}

/** Renders the phase, the progress bar, the counts, the Retry-After wait and the Cancel button. */
export function renderProgress(view: ProgressView): TemplateResult {
  const progress = view.progress;
  const max = progress === undefined || progress.phase === 'listing' ? undefined : progress.totalInstances;
  const value = max === undefined ? undefined : (progress?.instances ?? 0);
  const determinate = max !== undefined && max > 0;
  return html`
    <div part="progress" class="progress">
      <p part="phase" class="phase" id="phase">${view.phase}</p>
      <progress
        part="progress-bar"
        class="bar"
        aria-label=${view.label}
        aria-describedby="phase counts"
        max=${ifDefined(determinate ? max : undefined)}
        value=${ifDefined(determinate ? Math.min(value ?? 0, max) : undefined)}
      ></progress>
      <div class="progress-row">
        <span part="counts" class="counts" id="counts">${view.counts}</span>
        <button part="button cancel-button" class="button" type="button" @click=${view.onCancel}>${view.localize.term('transferCancel')}</button>
      </div>
      ${view.waiting === undefined ? nothing : html`<p part="waiting" class="waiting">${view.waiting}</p>`}
    </div>
  `;
}

/** Icons of the outcome, drawn on a 24 × 24 grid with the current text colour. */
export const OUTCOME_ICONS = {
  done: html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M5 12.5l4.5 4.5L19 7.5" /></svg>`,
  partial: html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 4l9 16H3z" /><path d="M12 10v4M12 17h.01" /></svg>`,
  failed: html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="12" cy="12" r="9" /><path d="M9 9l6 6M15 9l-6 6" /></svg>`,
} as const;
