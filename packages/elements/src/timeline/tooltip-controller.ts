/**
 * The tooltip of the hovered or focused mark: where it shows, when it hides,
 * and its template.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { TooltipText } from './study-text.js';

const TOOLTIP_HIDE_DELAY_MS = 150;

interface TooltipState extends TooltipText {
  key: string;
  left: number;
  top: number;
  below: boolean;
}

export interface TimelineTooltipOptions {
  /** Returns the shadow root whose focused element keeps its tooltip. */
  root(): ShadowRoot | null;
  /** Returns the text of the mark or cluster with a key, or undefined when there is none. */
  content(key: string): TooltipText | undefined;
}

/** A ReactiveController for the timeline's one tooltip. It requests an update of its host when the tooltip changes. */
export class TimelineTooltipController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly options: TimelineTooltipOptions;
  private tooltip: TooltipState | undefined;
  private tooltipHideTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, options: TimelineTooltipOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  /** True while a tooltip is shown. */
  get shown(): boolean {
    return this.tooltip !== undefined;
  }

  /** The key of the mark whose tooltip is shown. */
  get key(): string | undefined {
    return this.tooltip?.key;
  }

  hostDisconnected(): void {
    clearTimeout(this.tooltipHideTimer);
  }

  /** Shows the tooltip of a mark, cluster or undated mark, placed above it or, near the top, below it. */
  show(item: HTMLElement): void {
    const key = item.dataset.key ?? '';
    // Rows of the vertical layout show all of this already.
    if (key.startsWith('r')) return;
    const content = this.options.content(key);
    const base = this.options.root()?.querySelector<HTMLElement>('.base') ?? null;
    if (content === undefined || base === null) return;
    const baseBox = base.getBoundingClientRect();
    const box = item.getBoundingClientRect();
    const halfWidth = Math.min(140, baseBox.width / 2);
    const centre = box.left + box.width / 2 - baseBox.left;
    const left = Math.min(Math.max(centre, halfWidth), baseBox.width - halfWidth);
    const above = box.top - baseBox.top;
    const below = above < 96;
    this.tooltip = { key, ...content, left, top: below ? box.bottom - baseBox.top : above, below };
    this.host.requestUpdate();
  }

  hide(): void {
    clearTimeout(this.tooltipHideTimer);
    if (this.tooltip === undefined) return;
    this.tooltip = undefined;
    this.host.requestUpdate();
  }

  /** Hides the tooltip after a short delay, unless the pointer comes back or keyboard focus is on its mark. */
  scheduleHide(): void {
    clearTimeout(this.tooltipHideTimer);
    this.tooltipHideTimer = setTimeout(() => {
      // Keyboard focus keeps the tooltip of the focused mark.
      const focused = this.options.root()?.activeElement as HTMLElement | null | undefined;
      if (focused?.dataset.key !== undefined && focused.dataset.key === this.tooltip?.key) return;
      this.hide();
    }, TOOLTIP_HIDE_DELAY_MS);
  }

  cancelHide(): void {
    clearTimeout(this.tooltipHideTimer);
  }

  render(): TemplateResult | typeof nothing {
    const tooltip = this.tooltip;
    if (tooltip === undefined) return nothing;
    const shift = tooltip.below ? 'translate(-50%, 8px)' : 'translate(-50%, calc(-100% - 8px))';
    // The tooltip repeats the mark's accessible name, apart from a cluster's modality counts, so assistive technology skips it.
    return html`<div
      part="tooltip"
      class="tooltip"
      aria-hidden="true"
      style="left: ${tooltip.left}px; top: ${tooltip.top}px; transform: ${shift}"
      @mouseenter=${() => this.cancelHide()}
      @mouseleave=${() => this.scheduleHide()}
    >
      <div class="tooltip-title">${tooltip.title}</div>
      ${tooltip.lines.map((line) => html`<div class="tooltip-line">${line}</div>`)}
    </div>`;
  }
}
