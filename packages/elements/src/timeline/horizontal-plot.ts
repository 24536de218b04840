/**
 * The horizontal layout of the timeline: the plot with its grid, one lane
 * per source or modality with the marks and clusters in view, the time axis,
 * and the lane of undated studies.
 *
 * Marks render by position, not keyed by mark. A zoom step changes the keys
 * of the clusters that gain or lose a study, so keyed rendering replaced
 * their buttons in every frame. By position, Lit updates the attributes of
 * the button that is there. The element moves focus back to the active
 * study's mark after each update.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { LocalizeController } from '../shared/localize.js';
import { modalityColor } from '../shared/theme.js';
import { isAlsoExternal, primaryModality, type TimelineEntry } from './entries.js';
import type { Lane, LaneLayout } from './lanes.js';
import type { RenderedGroup } from './navigation.js';
import type { MarkLabels } from './mark-labels.js';
import type { LaneLocation, RenderedMarks } from './rendered-marks.js';
import { laneTitle, markText } from './study-text.js';
import { buildTicks, tickFormatOptions } from './ticks.js';
import type { TimeScale } from './time-scale.js';

/** An axis label and grid line at a view pixel. */
export interface PlotTick {
  x: number;
  text: string;
  major: boolean;
}

export interface HorizontalPlotView {
  localize: LocalizeController;
  layout: LaneLayout;
  marks: RenderedMarks;
  /** The cache of the marks' accessible names, set to this layout and language. */
  labels: MarkLabels;
  ticks: readonly PlotTick[];
  /** The key of the one mark with tabindex 0. */
  tabStop: string | undefined;
  /** Lane locations of the selected study, so that a cluster can show that it contains it. */
  selectedLocations: readonly LaneLocation[];
  selectedStudyUid: string | undefined;
  /** Number of undated studies not shown yet that the "show more" button adds. */
  undatedPage: number;
  onShowMoreUndated(): void;
}

/** Returns the axis ticks between the view's edges, labelled in the element's language. */
export function plotTicks(localize: LocalizeController, scale: TimeScale, window: readonly [number, number], plotWidth: number): PlotTick[] {
  const [start, end] = window;
  const { spec, ticks } = buildTicks(start, end, plotWidth);
  return ticks.map(({ date, major }) => ({
    x: scale.x(date),
    text: localize.formatDate(date, tickFormatOptions(spec.level, major)),
    major,
  }));
}

export function renderHorizontalPlot(view: HorizontalPlotView): TemplateResult {
  const { lanes, undated } = view.layout;
  const ticks = view.ticks;

  return html`
    ${lanes.length > 0
      ? html`
          <div part="plot" class="plot">
            <div class="grid" aria-hidden="true">
              ${ticks.map(({ x }) => html`<div class="gridline" style="transform: translateX(${x}px)"></div>`)}
            </div>
            ${lanes.map((lane, laneIndex) => renderLane(view, lane, laneIndex))}
            <div part="axis" class="axis" aria-hidden="true">
              ${ticks.map(
                ({ x, text, major }) =>
                  html`<span part="tick" class=${major ? 'tick major' : 'tick'} style="transform: translateX(${x}px)"
                    >${text}</span
                  >`,
              )}
            </div>
          </div>
        `
      : nothing}
    ${undated.length > 0 ? renderUndatedLane(view, undated, lanes.length) : nothing}
  `;
}

function renderLane(view: HorizontalPlotView, lane: Lane, laneIndex: number): TemplateResult {
  const { localize } = view;
  const title = laneTitle(localize, lane);
  const kind = lane.kind === 'source' && lane.source !== undefined ? lane.source.kind : undefined;
  const selectedPositions = view.selectedLocations.filter((location) => location.laneIndex === laneIndex).map((location) => location.position);
  return html`
    <div
      part="lane"
      class="lane"
      role="group"
      data-lane-id=${lane.id}
      aria-label=${localize.plural('laneSummary', lane.entries.length, { label: title })}
    >
      <div part="lane-label" class="lane-label" aria-hidden="true">
        <span>${title}</span>
        ${kind !== undefined ? html`<span class="lane-kind">${localize.term(kind === 'internal' ? 'internalSource' : 'externalSource')}</span>` : nothing}
      </div>
      <div part="track" class="track">
        ${(view.marks.lanes[laneIndex] ?? []).map((group) => renderGroup(view, lane, group, selectedPositions))}
      </div>
    </div>
  `;
}

function renderGroup(view: HorizontalPlotView, lane: Lane, group: RenderedGroup, selectedPositions: readonly number[]): TemplateResult {
  const first = lane.entries[group.start];
  const count = group.end - group.start;
  const tabindex = group.key === view.tabStop ? '0' : '-1';
  const position = `transform: translateX(calc(${group.x.toFixed(1)}px - 50%))`;
  if (count > 1) {
    const last = lane.entries[group.end - 1];
    const containsSelected = selectedPositions.some((selected) => group.start <= selected && selected < group.end);
    return html`<button
      part=${containsSelected ? 'cluster selected' : 'cluster'}
      class=${containsSelected ? 'cluster contains-selected' : 'cluster'}
      type="button"
      data-key=${group.key}
      tabindex=${tabindex}
      aria-label=${view.labels.cluster(view.localize, group.key, count, first, last)}
      aria-describedby="keyboard-hint"
      style=${position}
    >
      ${view.localize.formatNumber(count)}
    </button>`;
  }
  return renderStudyMark(view, first, group.key, tabindex, position);
}

function renderStudyMark(view: HorizontalPlotView, entry: TimelineEntry, key: string, tabindex: string, position: string | undefined): TemplateResult {
  const selected = view.selectedStudyUid !== undefined && entry.study.studyInstanceUid === view.selectedStudyUid;
  const colour = `--_mark-color: ${modalityColor(primaryModality(entry))}`;
  return html`<button
    part=${selected ? 'mark selected' : 'mark'}
    class=${position === undefined ? 'mark static' : 'mark'}
    type="button"
    data-key=${key}
    data-modality=${primaryModality(entry) ?? ''}
    tabindex=${tabindex}
    aria-label=${view.labels.study(view.localize, key, entry)}
    aria-current=${ifDefined(selected ? 'true' : undefined)}
    aria-describedby="keyboard-hint"
    style=${position === undefined ? colour : `${position}; ${colour}`}
  >
    ${markText(entry)}${isAlsoExternal(entry) ? html`<span part="badge" class="badge"></span>` : nothing}
  </button>`;
}

function renderUndatedLane(view: HorizontalPlotView, undated: readonly TimelineEntry[], laneIndex: number): TemplateResult {
  const { localize } = view;
  const shown = view.marks.lanes[laneIndex] ?? [];
  const hidden = undated.length - shown.length;
  const title = localize.term('undatedLane');
  return html`
    <div
      part="lane undated-lane"
      class="lane undated"
      role="group"
      data-lane-id="undated"
      aria-label=${localize.plural('laneSummary', undated.length, { label: title })}
    >
      <div part="lane-label" class="lane-label" aria-hidden="true"><span>${title}</span></div>
      <div part="track" class="undated-track">
        ${shown.map((group) => renderStudyMark(view, undated[group.start], group.key, group.key === view.tabStop ? '0' : '-1', undefined))}
        ${hidden > 0
          ? html`<button part="show-more" class="button show-more" type="button" @click=${view.onShowMoreUndated}>
              ${localize.plural('showMore', Math.min(hidden, view.undatedPage))}
            </button>`
          : nothing}
      </div>
    </div>
  `;
}
