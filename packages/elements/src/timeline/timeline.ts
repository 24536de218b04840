import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { classMap } from 'lit/directives/class-map.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import { scaleUtc, type ScaleTime } from 'd3-scale';
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import {
  compileStudyFilter,
  defaultTerminology,
  isFilterActive,
  studyFacts,
  warnOnce,
  type PatientIdentifier,
  type SourceInfo,
  type SourceOutcome,
  type Study,
  type StudyFilter,
  type StudylineAdapter,
  type Terminology,
} from '@studyline/core';
import { StudylineLoadEvent, StudylineSourceRetryEvent, StudylineStudySelectEvent } from '../shared/events.js';
import { StudyHistoryController, type HistoryRequest } from '../shared/history-controller.js';
import { LocalizeController } from '../shared/localize.js';
import { modalityColor, themeStyles, type StudylineTheme } from '../shared/theme.js';
import { clusterLane, countInRange } from './clusters.js';
import { isAlsoExternal, prepareEntries, primaryModality, type TimelineEntry } from './entries.js';
import { assignLanes, timeExtent, type Lane, type LaneLayout, type LaneMode } from './lanes.js';
import { navigationTarget, type NavigationContext, type RenderedGroup } from './navigation.js';
import {
  clusterLabel,
  clusterTooltip,
  laneTitle,
  markText,
  outcomeDetail,
  outcomeText,
  studyLabel,
  studyTooltip,
  type TooltipText,
} from './study-text.js';
import { LAYOUT, timelineStyles } from './timeline.styles.js';
import { buildTicks, tickFormatOptions } from './ticks.js';
import { groupByYear, type YearGroup } from './vertical-groups.js';
import { renderVerticalList } from './vertical-list.js';
import {
  MIN_VISIBLE_SPAN_MS,
  constrainTransform,
  maxZoomFactor,
  paddedDomain,
  scaleAround,
  transformForRange,
} from './zoom-math.js';

export type TimelineLayout = 'auto' | 'horizontal' | 'vertical';

/** A visible time range. */
export interface TimelineRange {
  start: Date;
  end: Date;
}

/** Below this host width, in CSS pixels, `layout="auto"` switches to the vertical list. */
const VERTICAL_BREAKPOINT_PX = 600;
/** Studies closer than this, in pixels, to a cluster's first study join the cluster. */
const CLUSTER_GAP_PX = 32;
/** Minimum distance between the centres of two marks, so that they never overlap. */
const MARK_SEPARATION_PX = 34;
const ZOOM_STEP = 2;
/** Delay before the live region reports the visible count, so a pan or pinch is announced once. */
const ANNOUNCE_DELAY_MS = 400;
const TOOLTIP_HIDE_DELAY_MS = 150;
/** Number of undated marks, rows per year and years shown before a "show more" button. */
const UNDATED_PAGE = 24;
const YEAR_ROWS_PAGE = 20;
const YEARS_PAGE = 10;

const LANE_MODES: readonly LaneMode[] = ['source', 'modality'];
const LAYOUTS: readonly TimelineLayout[] = ['auto', 'horizontal', 'vertical'];
const THEMES: readonly StudylineTheme[] = ['light', 'dark', 'auto'];

interface TooltipState extends TooltipText {
  key: string;
  left: number;
  top: number;
  below: boolean;
}

type ZoomTarget = HTMLElement & { __zoom?: ZoomTransform };

/**
 * One patient's imaging history on a zoomable time line: every study,
 * internal and external, as a mark in a lane per source or per modality.
 * Narrow hosts get a list grouped by year.
 *
 * Give it studies through the `studies` property (and `sources` for each
 * source's status), or give it an `adapter` and a `patient-id` and it loads
 * them by itself, source by source.
 *
 * The class does not register itself. Import `@studyline/elements/timeline/define.js`
 * for the `studyline-timeline` tag, or register a subclass under a name of
 * your own (`customElements.define('my-timeline', class extends StudylineTimeline {})`),
 * because the custom element registry accepts each constructor only once.
 *
 * @summary One patient's imaging history on a zoomable time line, with a list layout for narrow hosts.
 *
 * @event {StudylineStudySelectEvent} studyline-study-select - A user chose a study (click, tap, Enter or Space). Cancelable: `preventDefault()` keeps the current selection.
 * @event {StudylineSourceRetryEvent} studyline-source-retry - A user pressed Retry for a failed or incomplete source. With an adapter the element searches again unless the event is cancelled.
 * @event {StudylineLoadEvent} studyline-load - A search through `adapter` finished; `detail.result` has the studies and every source's status.
 *
 * @slot toolbar - Extra controls at the end of the toolbar.
 * @slot empty - Replaces the "No studies for this patient" message.
 *
 * @csspart base - The wrapper around everything.
 * @csspart toolbar - The row with the lane switch, the zoom buttons and the toolbar slot.
 * @csspart lane-mode - The segmented control that groups lanes by source or by modality.
 * @csspart zoom-controls - The zoom out, zoom in and show-all buttons.
 * @csspart button - Each toolbar button.
 * @csspart status - The list of per-source loading lines and banners.
 * @csspart source-loading - The line for a source that is still searching.
 * @csspart banner - The banner of a failed or incomplete source.
 * @csspart retry-button - A Retry button.
 * @csspart plot - The zoomable area with the lanes and the axis.
 * @csspart lane - One lane, including the undated lane.
 * @csspart lane-label - The visible name of a lane.
 * @csspart track - The strip of a lane that contains the marks.
 * @csspart mark - A study's mark.
 * @csspart selected - Added to the selected study's mark or row, and to a cluster that contains it.
 * @csspart cluster - A mark for several studies, with their count.
 * @csspart badge - The "also external" badge.
 * @csspart axis - The time axis.
 * @csspart tick - One axis label.
 * @csspart undated-lane - The lane of studies without a date.
 * @csspart tooltip - The tooltip of a hovered or focused mark.
 * @csspart empty - The empty-state message, also when the filter leaves no study.
 * @csspart error - The message shown when every source failed.
 * @csspart skeleton - The placeholder shown while the first results load.
 * @csspart list - The vertical layout's list.
 * @csspart year - One year's section in the vertical layout.
 * @csspart year-heading - A year's heading.
 * @csspart row - A study's row in the vertical layout.
 * @csspart modality-chip - The modality in a row.
 * @csspart show-more - A button that shows more rows, marks or years.
 *
 * @cssprop --studyline-color-background - Background of the element.
 * @cssprop --studyline-color-surface - Background of the plot, rows and banners' surroundings.
 * @cssprop --studyline-color-surface-raised - Background of buttons.
 * @cssprop --studyline-color-text - Main text colour.
 * @cssprop --studyline-color-text-muted - Secondary text, such as axis labels.
 * @cssprop --studyline-color-border - Borders of controls.
 * @cssprop --studyline-color-grid - Lane separators and grid lines.
 * @cssprop --studyline-color-accent - Pressed toolbar buttons and the selected row's marker.
 * @cssprop --studyline-color-accent-surface - Background of pressed toolbar buttons.
 * @cssprop --studyline-color-focus-ring - Keyboard focus outline.
 * @cssprop --studyline-color-mark-text - Text on study marks and modality chips.
 * @cssprop --studyline-color-cluster - Fill of cluster marks.
 * @cssprop --studyline-color-cluster-text - Count on cluster marks.
 * @cssprop --studyline-color-skeleton - Loading placeholder.
 * @cssprop --studyline-color-warning-surface - Background of an incomplete source's banner.
 * @cssprop --studyline-color-warning-text - Text of an incomplete source's banner.
 * @cssprop --studyline-color-danger-surface - Background of a failed source's banner and the error message.
 * @cssprop --studyline-color-danger-text - Text of a failed source's banner and the error message.
 * @cssprop --studyline-color-tooltip - Tooltip background.
 * @cssprop --studyline-color-tooltip-text - Tooltip text.
 * @cssprop --studyline-modality-ct - Colour of CT marks. Likewise `-mr`, `-cr`, `-dx`, `-us`, `-mg`, `-nm`, `-pt`, `-xa`, `-sr`, `-doc` and `-other`.
 * @cssprop --studyline-radius - Corner radius of controls and panels.
 * @cssprop --studyline-font-size - Base font size.
 * @cssprop --studyline-font-family - Font family; a system sans-serif by default. Set it to `inherit` to use the host page's font.
 *
 * @cssstate loading - A search is running, or the host set `loading`.
 * @cssstate empty - Loading finished and there is nothing to show.
 * @cssstate error - Every source failed.
 * @cssstate incomplete - At least one source failed or returned an incomplete list, while others responded.
 * @cssstate vertical - The vertical layout is shown.
 * @cssstate filtered - The `filter` property narrows the studies.
 */
export class StudylineTimeline extends LitElement {
  static override styles = [themeStyles, timelineStyles];

  /** The studies to show, when the host loads them itself. Property only. Ignored while `adapter` is set. */
  @property({ attribute: false })
  studies: Study[] | undefined;

  /** Each source's outcome, for the banners of failed and incomplete sources. Property only. */
  @property({ attribute: false })
  sources: SourceOutcome[] | undefined;

  /** Sources still searching, when the host loads the studies itself. Property only. */
  @property({ attribute: false })
  pendingSources: SourceInfo[] | undefined;

  /** An adapter to load the studies with. Together with `patientId` the element searches by itself. Property only. */
  @property({ attribute: false })
  adapter: StudylineAdapter | undefined;

  /** Patient ID to search for through `adapter`. A new value aborts the search in progress. */
  @property({ attribute: 'patient-id' })
  patientId: string | undefined;

  /** Issuer of the patient ID (IssuerOfPatientID or an assigning authority), when the sources need it. */
  @property({ attribute: 'issuer-of-patient-id' })
  issuerOfPatientId: string | undefined;

  /** Shows the loading state, for hosts that load the studies themselves. */
  @property({ type: Boolean, reflect: true })
  loading = false;

  /** Groups lanes by `source` (own archive first, then each external source) or by `modality`. */
  @property({ attribute: 'lane-mode', reflect: true })
  laneMode: LaneMode = 'source';

  /** `horizontal` time line, `vertical` list by year, or `auto`: vertical when the element is narrower than 600 px. */
  @property({ reflect: true })
  layout: TimelineLayout = 'auto';

  /** Colour theme: `light`, `dark`, or `auto` to follow the operating system. */
  @property({ reflect: true })
  theme: StudylineTheme = 'light';

  /** Study Instance UID of the selected study. */
  @property({ attribute: 'selected-study-uid', reflect: true })
  selectedStudyUid: string | undefined;

  /** Accessible name of the timeline. Defaults to "Imaging history" in the element's language. */
  @property()
  label: string | undefined;

  /**
   * A filter, for example from `<studyline-modality-filter>`: studies that do
   * not match are hidden, while the banners of failed and incomplete sources
   * stay. Property only.
   */
  @property({ attribute: false })
  filter: StudyFilter | undefined;

  /** The terminology through which `filter` reads modality codes and body parts; the built-in one by default. Property only. */
  @property({ attribute: false })
  terminology: Terminology | undefined;

  @state() private transform: ZoomTransform = zoomIdentity;
  @state() private hostWidth = 0;
  @state() private plotWidth = 0;
  @state() private activeEntryIndex: number | undefined;
  @state() private tooltip: TooltipState | undefined;
  @state() private announcement = '';
  @state() private undatedLimit = UNDATED_PAGE;
  @state() private yearLimit = YEARS_PAGE;
  @state() private yearRowLimits: ReadonlyMap<string, number> = new Map();

  private readonly localize = new LocalizeController(this);
  private readonly history = new StudyHistoryController(this, {
    onSettled: (result) => this.dispatchEvent(new StudylineLoadEvent({ result })),
  });
  private readonly internals: ElementInternals;
  private readonly zoomBehavior: ZoomBehavior<HTMLElement, unknown>;
  private readonly resizeObserver: ResizeObserver;

  // Derived from the inputs in willUpdate, only when those inputs change.
  private studiesInput: readonly unknown[] = [];
  /** Every study of the input, before the filter. */
  private allEntries: TimelineEntry[] = [];
  /** The studies that pass the filter: all of `allEntries` without one. */
  private entries: TimelineEntry[] = [];
  private appliedFilter: StudyFilter | undefined;
  private appliedTerminology: Terminology | undefined;
  private laneLayout: LaneLayout = { lanes: [], undated: [] };
  private laneLayoutKey = '';
  private domain: [number, number] | undefined;
  /** Lane and position in the lane of every dated entry, by entry index. */
  private entryLocations = new Map<number, { laneIndex: number; position: number }>();
  /** Lane positions of the studies with `selectedStudyUid`, so that a cluster can show that it contains one. */
  private selectedLocations: { laneIndex: number; position: number }[] = [];
  private yearGroups: YearGroup[] = [];

  // Rebuilt on every render of the horizontal layout.
  private renderedLanes: RenderedGroup[][] = [];
  private renderedByKey = new Map<string, RenderedGroup>();

  private zoomTarget: ZoomTarget | undefined;
  private userZoomed = false;
  private wasLoading = false;
  private gestureStart: ZoomTransform | undefined;
  private focusWasOnMark = false;
  private restoringFocus = false;
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  private tooltipHideTimer: ReturnType<typeof setTimeout> | undefined;
  private resizeFrame = 0;

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.resizeObserver = new ResizeObserver((entries) => this.onResize(entries));
    this.zoomBehavior = zoom<HTMLElement, unknown>()
      .duration(0)
      .clickDistance(4)
      .filter((event: Event) => this.acceptsZoomGesture(event))
      .on('start', (event: D3ZoomEvent<HTMLElement, unknown>) => {
        this.gestureStart = event.transform;
      })
      .on('zoom', (event: D3ZoomEvent<HTMLElement, unknown>) => {
        this.transform = event.transform;
        if (event.sourceEvent) this.userZoomed = true;
        this.hideTooltip();
      })
      .on('end', (event: D3ZoomEvent<HTMLElement, unknown>) => {
        if (this.gestureStart !== undefined && !sameTransform(this.gestureStart, event.transform)) this.scheduleAnnouncement();
        this.gestureStart = undefined;
      });
  }

  /** The time range the horizontal layout shows now, or undefined when no study is dated or the plot has no width yet. */
  get visibleRange(): TimelineRange | undefined {
    const scale = this.currentScale();
    if (scale === undefined) return undefined;
    const [start, end] = this.visibleWindow(scale);
    return { start: new Date(start), end: new Date(end) };
  }

  /** Status of the element's own search: `idle` without an adapter or patient, else `loading`, `complete` or `error`. */
  get loadStatus(): 'idle' | 'loading' | 'complete' | 'error' {
    return this.history.status;
  }

  /** Zooms in by a factor of two around the centre. */
  zoomIn(): void {
    this.zoomBy(ZOOM_STEP);
  }

  /** Zooms out by a factor of two around the centre. */
  zoomOut(): void {
    this.zoomBy(1 / ZOOM_STEP);
  }

  /** Zooms out to show the whole history. */
  zoomToFit(): void {
    this.applyTransform(zoomIdentity, true);
  }

  /** Shows the time range from `start` to `end`, as far as the zoom limits allow (at most about 3 days across). */
  zoomToRange(start: Date | number, end: Date | number): void {
    const base = this.baseScale();
    if (base === undefined) return;
    const [from, to] = [Number(start), Number(end)].sort((a, b) => a - b);
    if (!Number.isFinite(from) || !Number.isFinite(to)) return;
    const [rangeStart, rangeEnd] = base.range();
    this.applyTransform(transformForRange(base(from), base(to), rangeStart, rangeEnd, this.plotWidth, this.maxFactor()), true);
  }

  /** Searches again through `adapter`. Does nothing without an adapter. */
  retry(): void {
    this.history.retry();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const sizer = this.renderRoot?.querySelector('.sizer');
    if (sizer) this.resizeObserver.observe(sizer);
    if (this.zoomTarget !== undefined) this.resizeObserver.observe(this.zoomTarget);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver.disconnect();
    clearTimeout(this.announceTimer);
    clearTimeout(this.tooltipHideTimer);
    cancelAnimationFrame(this.resizeFrame);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.normalizeAttributes(changed);

    const newPatient = changed.has('adapter') || changed.has('patientId') || changed.has('issuerOfPatientId');
    if (newPatient) this.history.load(this.historyRequest());
    // A host that loads by itself may set `studies` several times while `loading` is set, and once more as it
    // clears `loading`. Those updates keep the user's view; other new `studies` start afresh.
    const loading = this.isLoading();
    const studiesReplaced = changed.has('studies') && !loading && !this.wasLoading;
    this.wasLoading = loading;
    if (newPatient || studiesReplaced) this.resetForNewHistory();
    if (this.adapter !== undefined && Array.isArray(this.studies) && this.studies.length > 0) {
      warnOnce('Both `adapter` and `studies` are set on a studyline-timeline; it shows what the adapter returns.');
    }

    const layoutBefore = this.laneLayout;
    // A new filter changes how many studies are visible, so the count is announced as after a zoom.
    if (this.hasUpdated && (changed.has('filter') || changed.has('terminology'))) this.scheduleAnnouncement();
    this.updateDerivedData();
    if (changed.has('selectedStudyUid') || layoutBefore !== this.laneLayout) this.updateSelectedLocations();
    this.focusWasOnMark = this.shadowRoot?.activeElement?.matches('[data-key]') ?? false;
    this.updateCustomStates();
  }

  protected override firstUpdated(): void {
    // The sizer has no height, so the observer reports width changes only. Observing the host would also report
    // height changes that a re-render causes.
    const sizer = this.renderRoot.querySelector('.sizer');
    if (sizer === null) return;
    this.resizeObserver.observe(sizer);
    // Measured now, before the first paint, so a narrow host never shows the horizontal layout first.
    this.hostWidth = sizer.getBoundingClientRect().width;
  }

  protected override updated(): void {
    this.syncZoomTarget();
    if (this.focusWasOnMark && !(this.shadowRoot?.activeElement?.matches('[data-key]') ?? false)) {
      // The focused mark was replaced, for example when a zoom merged it into a cluster: focus its successor.
      this.restoringFocus = true;
      this.tabStopElement()?.focus({ preventScroll: true });
      this.restoringFocus = false;
    }
  }

  protected override render(): TemplateResult {
    const loading = this.isLoading();
    return html`
      <section
        part="base"
        class="base"
        aria-label=${this.label ?? this.localize.term('timelineLabel')}
        aria-busy=${loading ? 'true' : 'false'}
        @keydown=${this.onKeydown}
        @click=${this.onClick}
        @mouseover=${this.onPointerOver}
        @mouseout=${this.onPointerOut}
        @focusin=${this.onFocusIn}
        @focusout=${this.onFocusOut}
      >
        <div class="sizer" aria-hidden="true"></div>
        ${this.renderToolbar()} ${this.renderSourceStatus()} ${this.renderBody(loading)} ${this.renderTooltip()}
        <div class="visually-hidden" aria-live="polite" aria-atomic="true">${this.announcement}</div>
        <div id="keyboard-hint" hidden>${this.localize.term('keyboardHint')}</div>
      </section>
    `;
  }

  // ---------------------------------------------------------------------------------------------
  // Inputs and derived data

  private normalizeAttributes(changed: PropertyValues<this>): void {
    if (changed.has('laneMode') && !LANE_MODES.includes(this.laneMode)) {
      warnOnce('Unknown lane-mode value on studyline-timeline; use "source" or "modality". Showing lanes by source.');
      this.laneMode = 'source';
    }
    if (changed.has('layout') && !LAYOUTS.includes(this.layout)) {
      warnOnce('Unknown layout value on studyline-timeline; use "auto", "horizontal" or "vertical". Using "auto".');
      this.layout = 'auto';
    }
    if (changed.has('theme') && !THEMES.includes(this.theme)) {
      warnOnce('Unknown theme value on studyline-timeline; use "light", "dark" or "auto". Using "light".');
      this.theme = 'light';
    }
  }

  private historyRequest(): HistoryRequest | undefined {
    const id = this.patientId?.trim();
    if (this.adapter === undefined || id === undefined || id === '') return undefined;
    const issuer = this.issuerOfPatientId?.trim();
    const patient: PatientIdentifier = issuer ? { id, issuer } : { id };
    return { adapter: this.adapter, patient };
  }

  private resetForNewHistory(): void {
    this.userZoomed = false;
    this.undatedLimit = UNDATED_PAGE;
    this.yearLimit = YEARS_PAGE;
    this.yearRowLimits = new Map();
    this.activeEntryIndex = undefined;
    this.tooltip = undefined;
  }

  private currentStudiesInput(): readonly unknown[] {
    if (this.adapter !== undefined) return this.history.result?.studies ?? [];
    if (this.studies === undefined || this.studies === null) return [];
    if (!Array.isArray(this.studies)) {
      warnOnce('The `studies` property of studyline-timeline must be an array of Study objects; it was ignored.');
      return [];
    }
    return this.studies;
  }

  private outcomes(): readonly SourceOutcome[] {
    const outcomes = this.adapter !== undefined ? this.history.result?.sources : this.sources;
    return Array.isArray(outcomes) ? outcomes.filter((outcome) => outcome?.source !== undefined && outcome.status !== undefined) : [];
  }

  private pending(): readonly SourceInfo[] {
    const pending = this.adapter !== undefined ? this.history.pending : this.pendingSources;
    return Array.isArray(pending) ? pending : [];
  }

  private isLoading(): boolean {
    return this.loading || (this.adapter !== undefined && this.history.status === 'loading');
  }

  private updateDerivedData(): void {
    const input = this.currentStudiesInput();
    const entriesChanged = input !== this.studiesInput;
    if (entriesChanged) {
      this.studiesInput = input;
      const prepared = prepareEntries(input);
      this.allEntries = prepared.entries;
      for (const warning of prepared.warnings) warnOnce(warning);
    }
    const filterChanged = this.filter !== this.appliedFilter || this.terminology !== this.appliedTerminology;
    if (entriesChanged || filterChanged) {
      this.appliedFilter = this.filter;
      this.appliedTerminology = this.terminology;
      this.entries = this.filteredEntries();
      this.yearGroups = groupByYear(this.entries);
    }

    const layoutKey = `${this.laneMode}|${this.localize.locale}`;
    if (!entriesChanged && !filterChanged && layoutKey === this.laneLayoutKey) return;
    this.laneLayoutKey = layoutKey;
    this.laneLayout = assignLanes(this.entries, this.laneMode, this.localize.collator());
    this.entryLocations = new Map();
    this.laneLayout.lanes.forEach((lane, laneIndex) => {
      lane.entries.forEach((entry, position) => this.entryLocations.set(entry.index, { laneIndex, position }));
    });

    const extent = timeExtent(this.laneLayout.lanes);
    const domain = extent === undefined ? undefined : paddedDomain(extent);
    if (domain?.[0] === this.domain?.[0] && domain?.[1] === this.domain?.[1]) return;
    // A user's zoom survives a history that grows as sources respond. A new patient has reset userZoomed already.
    const keptWindow = this.userZoomed ? this.currentWindow() : undefined;
    this.domain = domain;
    const restored = keptWindow === undefined ? undefined : this.transformShowing(keptWindow);
    if (restored !== undefined) {
      this.setTransform(restored);
      return;
    }
    this.userZoomed = false;
    this.setTransform(zoomIdentity);
  }

  private filteredEntries(): TimelineEntry[] {
    if (!isFilterActive(this.filter)) return this.allEntries;
    const terminology = this.terminology ?? defaultTerminology();
    const matcher = compileStudyFilter(this.filter, { terminology });
    return this.allEntries.filter((entry) => matcher.matches(studyFacts(entry.study, terminology)));
  }

  private updateCustomStates(): void {
    const loading = this.isLoading();
    const error = this.isErrorState();
    const outcomes = this.outcomes();
    const problem = outcomes.some((outcome) => outcome.status.state !== 'complete');
    this.setCustomState('loading', loading);
    this.setCustomState('error', error);
    this.setCustomState('empty', !loading && !error && this.allEntries.length === 0);
    this.setCustomState('filtered', isFilterActive(this.filter));
    this.setCustomState('incomplete', !error && problem);
    this.setCustomState('vertical', this.isVertical());
  }

  private setCustomState(name: string, on: boolean): void {
    const states = this.internals.states;
    try {
      if (on) states.add(name);
      else states.delete(name);
    } catch {
      // Older Chromium versions throw for plain names and accept only the `--name` form.
      if (on) states.add(`--${name}`);
      else states.delete(`--${name}`);
    }
  }

  private isErrorState(): boolean {
    if (this.isLoading() || this.allEntries.length > 0) return false;
    if (this.adapter !== undefined && this.history.status === 'error') return true;
    const outcomes = this.outcomes();
    return outcomes.length > 0 && outcomes.every((outcome) => outcome.status.state === 'failed');
  }

  private isVertical(): boolean {
    if (this.layout === 'vertical') return true;
    return this.layout === 'auto' && this.hostWidth > 0 && this.hostWidth < VERTICAL_BREAKPOINT_PX;
  }

  // ---------------------------------------------------------------------------------------------
  // Scales and zoom

  private baseScale(): ScaleTime<number, number> | undefined {
    if (this.domain === undefined || this.plotWidth <= 2 * LAYOUT.trackInset) return undefined;
    return scaleUtc()
      .domain(this.domain.map((time) => new Date(time)))
      .range([LAYOUT.trackInset, this.plotWidth - LAYOUT.trackInset]);
  }

  private currentScale(): ScaleTime<number, number> | undefined {
    const base = this.baseScale();
    return base === undefined ? undefined : this.transform.rescaleX(base);
  }

  /** Returns the time range between the view's edges. */
  private visibleWindow(scale: ScaleTime<number, number>): [number, number] {
    return [scale.invert(0).getTime(), scale.invert(this.plotWidth).getTime()];
  }

  private currentWindow(): [number, number] | undefined {
    const scale = this.currentScale();
    return scale === undefined ? undefined : this.visibleWindow(scale);
  }

  private maxFactor(): number {
    return this.domain === undefined ? 1 : maxZoomFactor(this.domain);
  }

  private isAtMaxZoom(): boolean {
    return this.transform.k >= this.maxFactor() * 0.999;
  }

  /** Stores a transform without a zoom event, and hands it to d3-zoom so that the next gesture starts from it. */
  private setTransform(transform: ZoomTransform): void {
    this.transform = transform;
    if (this.zoomTarget !== undefined) this.zoomTarget.__zoom = transform;
  }

  /** Applies a transform from a button, key or method, within the zoom limits. */
  private applyTransform(transform: ZoomTransform, announce: boolean): void {
    if (this.baseScale() === undefined) return;
    const constrained = constrainTransform(transform, this.plotWidth, this.maxFactor());
    if (sameTransform(constrained, this.transform)) return;
    this.setTransform(constrained);
    this.userZoomed = true;
    this.hideTooltip();
    if (announce) this.scheduleAnnouncement();
  }

  private zoomBy(factor: number, anchorX = this.plotWidth / 2): void {
    if (this.baseScale() === undefined) return;
    this.applyTransform(scaleAround(this.transform, factor, anchorX, this.plotWidth, this.maxFactor()), true);
  }

  /** Pans, at the current zoom, so that `time` is in the middle of the view. */
  private panTo(time: number): void {
    const base = this.baseScale();
    if (base === undefined) return;
    const k = this.transform.k;
    this.applyTransform(zoomIdentity.translate(this.plotWidth / 2 - base(time) * k, 0).scale(k), true);
  }

  /** Zooms to a cluster's studies, with some margin, so that the cluster splits. */
  private zoomToStudies(first: number, last: number): void {
    const margin = Math.max((last - first) * 0.15, MIN_VISIBLE_SPAN_MS / 2);
    this.zoomToRange(first - margin, last + margin);
  }

  private acceptsZoomGesture(event: Event): boolean {
    // A double click on a mark selects it twice; it must not zoom as well.
    if (event.type === 'dblclick' && (event.target as Element | null)?.closest?.('[data-key]')) return false;
    const pointer = event as MouseEvent;
    return (!pointer.ctrlKey || event.type === 'wheel') && !pointer.button;
  }

  private syncZoomTarget(): void {
    const plot = (this.renderRoot.querySelector('.plot') as ZoomTarget | null) ?? undefined;
    if (plot !== this.zoomTarget) {
      if (this.zoomTarget !== undefined) {
        select(this.zoomTarget).on('.zoom', null);
        this.resizeObserver.unobserve(this.zoomTarget);
      }
      this.zoomTarget = plot;
      if (plot !== undefined) {
        plot.__zoom = this.transform;
        select<HTMLElement, unknown>(plot).call(this.zoomBehavior);
        this.resizeObserver.observe(plot);
        // Measured now, so that the marks appear in the same frame as the plot.
        this.resizePlot(plot.clientWidth);
      }
    }
    if (plot === undefined) return;
    const width = Math.max(this.plotWidth, 1);
    this.zoomBehavior
      .extent([
        [0, 0],
        [width, 1],
      ])
      .translateExtent([
        [0, Number.NEGATIVE_INFINITY],
        [width, Number.POSITIVE_INFINITY],
      ])
      .scaleExtent([1, this.maxFactor()]);
  }

  private onResize(entries: readonly ResizeObserverEntry[]): void {
    let hostWidth: number | undefined;
    for (const entry of entries) {
      if ((entry.target as Element).classList.contains('sizer')) hostWidth = entry.contentRect.width;
    }
    // Applied in the next frame: a layout switch can add or remove the page's scroll bar, which changes the width
    // again within this frame, and the browser reports such a loop as an error.
    cancelAnimationFrame(this.resizeFrame);
    this.resizeFrame = requestAnimationFrame(() => {
      if (hostWidth !== undefined) this.hostWidth = hostWidth;
      // clientWidth excludes the border, as d3-zoom's pointer positions do.
      if (this.zoomTarget !== undefined) this.resizePlot(this.zoomTarget.clientWidth);
    });
  }

  private resizePlot(width: number): void {
    if (width === this.plotWidth) return;
    const keptWindow = this.userZoomed ? this.currentWindow() : undefined;
    this.plotWidth = width;
    const restored = keptWindow === undefined ? undefined : this.transformShowing(keptWindow);
    if (restored !== undefined) this.setTransform(restored);
  }

  /** Returns the transform whose view, edge to edge, shows a time window, within the zoom limits. */
  private transformShowing(window: readonly [number, number]): ZoomTransform | undefined {
    const base = this.baseScale();
    if (base === undefined) return undefined;
    return transformForRange(base(window[0]), base(window[1]), 0, this.plotWidth, this.plotWidth, this.maxFactor());
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  private renderToolbar(): TemplateResult {
    const horizontal = !this.isVertical() && this.laneLayout.lanes.length > 0;
    const canZoomIn = this.transform.k < this.maxFactor() * 0.999;
    const canZoomOut = this.transform.k > 1.0001;
    return html`
      <div part="toolbar" class="toolbar">
        ${horizontal
          ? html`
              <div part="lane-mode" class="toolbar-group" role="group" aria-label=${this.localize.term('laneModeLabel')}>
                ${LANE_MODES.map(
                  (mode) => html`
                    <button
                      part="button"
                      class="button"
                      type="button"
                      data-lane-mode=${mode}
                      aria-pressed=${this.laneMode === mode ? 'true' : 'false'}
                      @click=${() => this.changeLaneMode(mode)}
                    >
                      ${this.localize.term(mode === 'source' ? 'laneModeSource' : 'laneModeModality')}
                    </button>
                  `,
                )}
              </div>
              <div part="zoom-controls" class="toolbar-group" role="group" aria-label=${this.localize.term('zoomLabel')}>
                <button
                  part="button"
                  class="button"
                  type="button"
                  data-zoom="out"
                  aria-label=${this.localize.term('zoomOut')}
                  title=${this.localize.term('zoomOut')}
                  aria-disabled=${canZoomOut ? 'false' : 'true'}
                  @click=${() => this.zoomOut()}
                >
                  <svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M3 8h10" /></svg>
                </button>
                <button
                  part="button"
                  class="button"
                  type="button"
                  data-zoom="in"
                  aria-label=${this.localize.term('zoomIn')}
                  title=${this.localize.term('zoomIn')}
                  aria-disabled=${canZoomIn ? 'false' : 'true'}
                  @click=${() => this.zoomIn()}
                >
                  <svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M3 8h10M8 3v10" /></svg>
                </button>
                <button
                  part="button"
                  class="button"
                  type="button"
                  data-zoom="fit"
                  aria-disabled=${canZoomOut ? 'false' : 'true'}
                  @click=${() => this.zoomToFit()}
                >
                  ${this.localize.term('zoomFit')}
                </button>
              </div>
            `
          : nothing}
        <span class="toolbar-spacer"></span>
        <slot name="toolbar"></slot>
      </div>
    `;
  }

  private renderSourceStatus(): TemplateResult | typeof nothing {
    const pending = this.pending();
    const problems = this.isErrorState() ? [] : this.outcomes().filter((outcome) => outcome.status.state !== 'complete');
    const pendingIds = new Set(pending.map((source) => source.id));
    const shownProblems = problems.filter((outcome) => !pendingIds.has(outcome.source.id));
    if (pending.length === 0 && shownProblems.length === 0) return nothing;
    return html`
      <div part="status" class="status-list" role="status">
        ${pending.map(
          (source) => html`
            <div part="source-loading" class="source-loading" data-source-id=${source.id}>
              <span class="spinner" aria-hidden="true"></span>
              ${this.localize.term('loadingSource', { source: source.label })}
            </div>
          `,
        )}
        ${shownProblems.map(
          (outcome) => html`
            <div part="banner" class="banner" data-state=${outcome.status.state} data-source-id=${outcome.source.id}>
              <span class="banner-text" title=${outcomeDetail(outcome)}>${outcomeText(this.localize, outcome)}</span>
              <button
                part="retry-button"
                class="retry"
                type="button"
                aria-label=${this.localize.term('retrySource', { source: outcome.source.label })}
                @click=${() => this.retrySources([outcome.source])}
              >
                ${this.localize.term('retry')}
              </button>
            </div>
          `,
        )}
      </div>
    `;
  }

  private renderBody(loading: boolean): TemplateResult {
    if (this.isErrorState()) return this.renderError();
    if (this.entries.length === 0) {
      if (this.allEntries.length > 0) return html`<div part="empty" class="message">${this.localize.term('noMatchingStudies')}</div>`;
      if (loading) return this.renderSkeleton();
      const noPatient = this.adapter !== undefined && this.historyRequest() === undefined;
      return html`<div part="empty" class="message">
        <slot name="empty">${this.localize.term(noPatient ? 'noPatient' : 'empty')}</slot>
      </div>`;
    }
    return this.isVertical() ? this.renderVertical() : this.renderHorizontal();
  }

  private renderSkeleton(): TemplateResult {
    return html`
      <div part="skeleton" class="skeleton">
        <div class="skeleton-lane"></div>
        <div class="skeleton-lane"></div>
        <div class="skeleton-lane"></div>
        <div class="skeleton-text">${this.localize.term('loading')}</div>
      </div>
    `;
  }

  private renderError(): TemplateResult {
    const failed = this.outcomes().filter((outcome) => outcome.status.state === 'failed');
    return html`
      <div part="error" class="error" role="alert">
        <p class="error-title">${this.localize.term('errorTitle')}</p>
        ${failed.length > 0
          ? html`<ul>
              ${failed.map((outcome) => html`<li title=${outcomeDetail(outcome)}>${outcomeText(this.localize, outcome)}</li>`)}
            </ul>`
          : nothing}
        <button part="retry-button" class="retry" type="button" @click=${() => this.retrySources(failed.map((outcome) => outcome.source))}>
          ${this.localize.term('retry')}
        </button>
      </div>
    `;
  }

  private renderHorizontal(): TemplateResult {
    const { lanes, undated } = this.laneLayout;
    const scale = this.currentScale();
    this.computeRenderedGroups(scale);
    const tabStop = this.tabStopKey();
    const ticks = scale === undefined ? [] : this.renderTicks(scale);

    return html`
      ${lanes.length > 0
        ? html`
            <div part="plot" class="plot">
              ${ticks.map(
                ({ x }) => html`<div class="gridline" aria-hidden="true" style="transform: translateX(${x}px)"></div>`,
              )}
              ${lanes.map((lane, laneIndex) => this.renderLane(lane, laneIndex, tabStop))}
              <div part="axis" class="axis" aria-hidden="true">
                ${ticks.map(
                  ({ x, text, major }) =>
                    html`<span part="tick" class=${classMap({ tick: true, major })} style="transform: translateX(${x}px)"
                      >${text}</span
                    >`,
                )}
              </div>
            </div>
          `
        : nothing}
      ${undated.length > 0 ? this.renderUndatedLane(undated, lanes.length, tabStop) : nothing}
    `;
  }

  private renderTicks(scale: ScaleTime<number, number>): { x: number; text: string; major: boolean }[] {
    const [start, end] = this.visibleWindow(scale);
    const { spec, ticks } = buildTicks(start, end, this.plotWidth);
    return ticks.map(({ date, major }) => ({
      x: scale(date),
      text: this.localize.formatDate(date, tickFormatOptions(spec.level, major)),
      major,
    }));
  }

  private computeRenderedGroups(scale: ScaleTime<number, number> | undefined): void {
    this.renderedByKey = new Map();
    this.renderedLanes = [];
    const { lanes, undated } = this.laneLayout;
    if (scale !== undefined) {
      const [domainStart, domainEnd] = scale.domain().map((date) => date.getTime());
      const [rangeStart, rangeEnd] = scale.range();
      const pixelsPerMs = (rangeEnd - rangeStart) / (domainEnd - domainStart);
      const mapping = { pixelsPerMs, offset: rangeStart - domainStart * pixelsPerMs };
      const options = {
        viewStart: 0,
        viewEnd: this.plotWidth,
        minGap: CLUSTER_GAP_PX,
        minSeparation: MARK_SEPARATION_PX,
        cluster: !this.isAtMaxZoom(),
      };
      lanes.forEach((lane, laneIndex) => {
        const groups = clusterLane(lane.times, mapping, options).map((group): RenderedGroup => {
          const first = lane.entries[group.start];
          const key = group.end - group.start === 1 ? `s${first.index}` : `c${first.index}-${lane.entries[group.end - 1].index}`;
          return { ...group, key, laneIndex };
        });
        this.renderedLanes.push(groups);
      });
    } else {
      lanes.forEach(() => this.renderedLanes.push([]));
    }
    const undatedGroups = undated
      .slice(0, this.undatedLimit)
      .map((entry, position): RenderedGroup => ({ start: position, end: position + 1, x: Number.NaN, key: `u${entry.index}`, laneIndex: lanes.length }));
    this.renderedLanes.push(undatedGroups);
    for (const groups of this.renderedLanes) {
      for (const group of groups) this.renderedByKey.set(group.key, group);
    }
  }

  /** Returns the key of the one mark with tabindex 0: the active study's mark when shown, else the first mark. */
  private tabStopKey(): string | undefined {
    if (this.activeEntryIndex !== undefined) {
      const key = this.keyOfEntry(this.activeEntryIndex);
      if (key !== undefined) return key;
    }
    for (const groups of this.renderedLanes) {
      const visible = groups.find((group) => Number.isNaN(group.x) || (group.x >= 0 && group.x <= this.plotWidth));
      if (visible !== undefined) return visible.key;
    }
    return undefined;
  }

  /** Returns the key of the shown mark, cluster or row that contains an entry. */
  private keyOfEntry(entryIndex: number): string | undefined {
    if (this.isVertical()) return this.renderRoot.querySelector(`[data-key="r${entryIndex}"]`) ? `r${entryIndex}` : undefined;
    const location = this.entryLocations.get(entryIndex);
    if (location === undefined) {
      const key = `u${entryIndex}`;
      return this.renderedByKey.has(key) ? key : undefined;
    }
    const group = this.renderedLanes[location.laneIndex]?.find(
      (candidate) => candidate.start <= location.position && location.position < candidate.end,
    );
    return group?.key;
  }

  private renderLane(lane: Lane, laneIndex: number, tabStop: string | undefined): TemplateResult {
    const title = laneTitle(this.localize, lane);
    const kind = lane.kind === 'source' && lane.source !== undefined ? lane.source.kind : undefined;
    const selectedPositions = this.selectedLocations
      .filter((location) => location.laneIndex === laneIndex)
      .map((location) => location.position);
    return html`
      <div
        part="lane"
        class="lane"
        role="group"
        data-lane-id=${lane.id}
        aria-label=${this.localize.plural('laneSummary', lane.entries.length, { label: title })}
      >
        <div part="lane-label" class="lane-label" aria-hidden="true">
          <span>${title}</span>
          ${kind !== undefined
            ? html`<span class="lane-kind">${this.localize.term(kind === 'internal' ? 'internalSource' : 'externalSource')}</span>`
            : nothing}
        </div>
        <div part="track" class="track">
          ${repeat(
            this.renderedLanes[laneIndex] ?? [],
            (group) => group.key,
            (group) => this.renderGroup(lane, group, tabStop, selectedPositions),
          )}
        </div>
      </div>
    `;
  }

  private updateSelectedLocations(): void {
    this.selectedLocations = [];
    if (this.selectedStudyUid === undefined) return;
    for (const entry of this.entries) {
      if (entry.study.studyInstanceUid !== this.selectedStudyUid) continue;
      const location = this.entryLocations.get(entry.index);
      if (location !== undefined) this.selectedLocations.push(location);
    }
  }

  private renderGroup(lane: Lane, group: RenderedGroup, tabStop: string | undefined, selectedPositions: readonly number[]): TemplateResult {
    const first = lane.entries[group.start];
    const count = group.end - group.start;
    const tabindex = group.key === tabStop ? '0' : '-1';
    const position = `transform: translateX(calc(${group.x.toFixed(1)}px - 50%))`;
    if (count > 1) {
      const last = lane.entries[group.end - 1];
      const containsSelected = selectedPositions.some((selected) => group.start <= selected && selected < group.end);
      return html`<button
        part=${containsSelected ? 'cluster selected' : 'cluster'}
        class=${classMap({ cluster: true, 'contains-selected': containsSelected })}
        type="button"
        data-key=${group.key}
        tabindex=${tabindex}
        aria-label=${clusterLabel(this.localize, count, first, last)}
        aria-describedby="keyboard-hint"
        style=${position}
      >
        ${this.localize.formatNumber(count)}
      </button>`;
    }
    return this.renderStudyMark(first, group.key, tabindex, position);
  }

  private renderStudyMark(entry: TimelineEntry, key: string, tabindex: string, position: string | undefined): TemplateResult {
    const selected = this.selectedStudyUid !== undefined && entry.study.studyInstanceUid === this.selectedStudyUid;
    const colour = `--_mark-color: ${modalityColor(primaryModality(entry))}`;
    return html`<button
      part=${selected ? 'mark selected' : 'mark'}
      class=${classMap({ mark: true, static: position === undefined })}
      type="button"
      data-key=${key}
      data-modality=${primaryModality(entry) ?? ''}
      tabindex=${tabindex}
      aria-label=${studyLabel(this.localize, entry)}
      aria-current=${ifDefined(selected ? 'true' : undefined)}
      aria-describedby="keyboard-hint"
      style=${position === undefined ? colour : `${position}; ${colour}`}
    >
      ${markText(entry)}${isAlsoExternal(entry) ? html`<span part="badge" class="badge"></span>` : nothing}
    </button>`;
  }

  private renderUndatedLane(undated: readonly TimelineEntry[], laneIndex: number, tabStop: string | undefined): TemplateResult {
    const shown = this.renderedLanes[laneIndex] ?? [];
    const hidden = undated.length - shown.length;
    const title = this.localize.term('undatedLane');
    return html`
      <div
        part="lane undated-lane"
        class="lane undated"
        role="group"
        data-lane-id="undated"
        aria-label=${this.localize.plural('laneSummary', undated.length, { label: title })}
      >
        <div part="lane-label" class="lane-label" aria-hidden="true"><span>${title}</span></div>
        <div part="track" class="undated-track">
          ${repeat(
            shown,
            (group) => group.key,
            (group) => this.renderStudyMark(undated[group.start], group.key, group.key === tabStop ? '0' : '-1', undefined),
          )}
          ${hidden > 0
            ? html`<button part="show-more" class="button show-more" type="button" @click=${() => (this.undatedLimit += UNDATED_PAGE)}>
                ${this.localize.plural('showMore', Math.min(hidden, UNDATED_PAGE))}
              </button>`
            : nothing}
        </div>
      </div>
    `;
  }

  private renderVertical(): TemplateResult {
    return renderVerticalList({
      localize: this.localize,
      groups: this.yearGroups,
      yearLimit: this.yearLimit,
      rowLimits: this.yearRowLimits,
      rowsPage: YEAR_ROWS_PAGE,
      activeEntryIndex: this.activeEntryIndex,
      selectedStudyUid: this.selectedStudyUid,
      onShowMoreRows: (groupKey) => {
        const limits = new Map(this.yearRowLimits);
        limits.set(groupKey, (limits.get(groupKey) ?? YEAR_ROWS_PAGE) + YEAR_ROWS_PAGE);
        this.yearRowLimits = limits;
      },
      onShowOlderYears: () => {
        this.yearLimit += YEARS_PAGE;
      },
    });
  }

  private renderTooltip(): TemplateResult | typeof nothing {
    const tooltip = this.tooltip;
    if (tooltip === undefined) return nothing;
    const shift = tooltip.below ? 'translate(-50%, 8px)' : 'translate(-50%, calc(-100% - 8px))';
    // The tooltip repeats the mark's accessible name, apart from a cluster's modality counts, so assistive technology skips it.
    return html`<div
      part="tooltip"
      class="tooltip"
      aria-hidden="true"
      style="left: ${tooltip.left}px; top: ${tooltip.top}px; transform: ${shift}"
      @mouseenter=${() => clearTimeout(this.tooltipHideTimer)}
      @mouseleave=${() => this.scheduleTooltipHide()}
    >
      <div class="tooltip-title">${tooltip.title}</div>
      ${tooltip.lines.map((line) => html`<div class="tooltip-line">${line}</div>`)}
    </div>`;
  }

  // ---------------------------------------------------------------------------------------------
  // Interaction

  private changeLaneMode(mode: LaneMode): void {
    if (mode === this.laneMode) return;
    this.laneMode = mode;
    this.scheduleAnnouncement();
  }

  private retrySources(sources: readonly SourceInfo[]): void {
    let cancelled = false;
    for (const source of sources) {
      const event = new StudylineSourceRetryEvent({ source });
      if (!this.dispatchEvent(event)) cancelled = true;
    }
    if (this.adapter !== undefined && !cancelled) this.history.retry();
  }

  /** Returns the entry of a study mark or row key, or undefined for clusters and other keys. */
  private entryOfKey(key: string): TimelineEntry | undefined {
    const match = /^[sur](\d+)$/.exec(key);
    if (match === null) return undefined;
    const index = Number(match[1]);
    const entry = this.entries[index];
    // Entries skip malformed input values, so an entry's index may differ from its array position.
    return entry?.index === index ? entry : this.entries.find((candidate) => candidate.index === index);
  }

  private groupEntries(group: RenderedGroup): TimelineEntry[] {
    if (group.laneIndex >= this.laneLayout.lanes.length) return this.laneLayout.undated.slice(group.start, group.end);
    return this.laneLayout.lanes[group.laneIndex].entries.slice(group.start, group.end);
  }

  private onClick(event: MouseEvent): void {
    const item = (event.target as Element).closest<HTMLElement>('[data-key]');
    const key = item?.dataset.key;
    if (key === undefined) return;
    const entry = this.entryOfKey(key);
    if (entry !== undefined) {
      this.activeEntryIndex = entry.index;
      this.selectStudy(entry);
      return;
    }
    const group = this.renderedByKey.get(key);
    if (group === undefined) return;
    const lane = this.laneLayout.lanes[group.laneIndex];
    this.activeEntryIndex = lane.entries[group.start].index;
    const first = lane.times[group.start];
    const last = lane.times[group.end - 1];
    this.zoomToStudies(first, last);
  }

  private selectStudy(entry: TimelineEntry): void {
    const event = new StudylineStudySelectEvent({ study: entry.study });
    if (this.dispatchEvent(event)) this.selectedStudyUid = entry.study.studyInstanceUid;
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      if (this.tooltip !== undefined) {
        this.hideTooltip();
        event.stopPropagation();
      }
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const origin = event.composedPath()[0] as Element;
    if (origin.closest?.('input, textarea, select, [contenteditable]')) return;
    if (!this.shadowRoot?.contains(origin)) {
      // Keys inside slotted toolbar content belong to that content.
      return;
    }
    const item = origin.closest<HTMLElement>('[data-key]');
    const group = item ? this.renderedByKey.get(item.dataset.key ?? '') : undefined;

    if (event.key === '+' || event.key === '=' || event.key === '-' || event.key === '_') {
      if (this.isVertical() || this.baseScale() === undefined) return;
      event.preventDefault();
      const anchor = group !== undefined && !Number.isNaN(group.x) ? group.x : this.plotWidth / 2;
      this.zoomBy(event.key === '+' || event.key === '=' ? ZOOM_STEP : 1 / ZOOM_STEP, anchor);
      return;
    }
    if (item === null || item === undefined) return;

    let target: TimelineEntry | undefined;
    if (this.isVertical()) target = this.rowTarget(item, event.key);
    else if (group !== undefined) target = navigationTarget(this.navigationContext(), group, event.key);
    if (target === undefined) {
      if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(event.key)) event.preventDefault();
      return;
    }
    event.preventDefault();
    void this.moveFocusTo(target);
  }

  /** Returns the entry that a navigation key moves to from a row of the vertical layout. */
  private rowTarget(item: HTMLElement, key: string): TimelineEntry | undefined {
    const rows = [...this.renderRoot.querySelectorAll<HTMLElement>('.row')];
    const position = rows.indexOf(item);
    let targetRow: HTMLElement | undefined;
    if (key === 'ArrowDown') targetRow = rows[position + 1];
    else if (key === 'ArrowUp') targetRow = rows[position - 1];
    else if (key === 'Home') targetRow = rows[0];
    else if (key === 'End') targetRow = rows[rows.length - 1];
    return targetRow === undefined ? undefined : this.entryOfKey(targetRow.dataset.key ?? '');
  }

  private navigationContext(): NavigationContext {
    const scale = this.currentScale();
    return {
      lanes: this.laneLayout.lanes,
      undated: this.laneLayout.undated,
      renderedLanes: this.renderedLanes,
      viewWidth: this.plotWidth,
      timeAt: (x) => scale?.invert(x).getTime(),
    };
  }

  /** Makes an entry the active one, pans it into view if needed, and focuses its mark or row. */
  private async moveFocusTo(entry: TimelineEntry): Promise<void> {
    this.activeEntryIndex = entry.index;
    if (!this.isVertical() && entry.time !== undefined) {
      const scale = this.currentScale();
      const x = scale?.(entry.time);
      if (x !== undefined && (x < LAYOUT.trackInset || x > this.plotWidth - LAYOUT.trackInset)) this.panTo(entry.time);
    }
    await this.updateComplete;
    const key = this.keyOfEntry(entry.index);
    const element = key === undefined ? null : this.renderRoot.querySelector<HTMLElement>(`[data-key="${key}"]`);
    element?.focus({ preventScroll: this.isVertical() ? false : true });
  }

  private tabStopElement(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('[data-key][tabindex="0"]');
  }

  private onFocusIn(event: FocusEvent): void {
    const item = (event.composedPath()[0] as Element).closest?.<HTMLElement>('[data-key]');
    if (item === null || item === undefined) return;
    const key = item.dataset.key ?? '';
    const entry = this.entryOfKey(key);
    const group = this.renderedByKey.get(key);
    if (entry !== undefined) this.activeEntryIndex = entry.index;
    else if (group !== undefined) this.activeEntryIndex = this.laneLayout.lanes[group.laneIndex]?.entries[group.start]?.index;
    if (!this.restoringFocus) this.showTooltip(item);
  }

  private onFocusOut(event: FocusEvent): void {
    const next = event.relatedTarget as Element | null;
    if (next?.closest?.('[data-key]')) return;
    this.hideTooltip();
  }

  private onPointerOver(event: MouseEvent): void {
    const item = (event.target as Element).closest<HTMLElement>('[data-key]');
    if (item === null) return;
    clearTimeout(this.tooltipHideTimer);
    if (this.tooltip?.key !== item.dataset.key) this.showTooltip(item);
  }

  private onPointerOut(event: MouseEvent): void {
    const item = (event.target as Element).closest<HTMLElement>('[data-key]');
    if (item === null) return;
    const next = event.relatedTarget as Node | null;
    if (next !== null && item.contains(next)) return;
    this.scheduleTooltipHide();
  }

  private scheduleTooltipHide(): void {
    clearTimeout(this.tooltipHideTimer);
    this.tooltipHideTimer = setTimeout(() => {
      // Keyboard focus keeps the tooltip of the focused mark.
      const focused = this.shadowRoot?.activeElement as HTMLElement | null | undefined;
      if (focused?.dataset.key !== undefined && focused.dataset.key === this.tooltip?.key) return;
      this.hideTooltip();
    }, TOOLTIP_HIDE_DELAY_MS);
  }

  private hideTooltip(): void {
    clearTimeout(this.tooltipHideTimer);
    if (this.tooltip !== undefined) this.tooltip = undefined;
  }

  private showTooltip(item: HTMLElement): void {
    const key = item.dataset.key ?? '';
    // Rows of the vertical layout show all of this already.
    if (key.startsWith('r')) return;
    const content = this.tooltipContent(key);
    const base = this.renderRoot.querySelector<HTMLElement>('.base');
    if (content === undefined || base === null) return;
    const baseBox = base.getBoundingClientRect();
    const box = item.getBoundingClientRect();
    const halfWidth = Math.min(140, baseBox.width / 2);
    const centre = box.left + box.width / 2 - baseBox.left;
    const left = Math.min(Math.max(centre, halfWidth), baseBox.width - halfWidth);
    const above = box.top - baseBox.top;
    const below = above < 96;
    this.tooltip = { key, ...content, left, top: below ? box.bottom - baseBox.top : above, below };
  }

  private tooltipContent(key: string): TooltipText | undefined {
    const entry = this.entryOfKey(key);
    if (entry !== undefined) return studyTooltip(this.localize, entry);
    const group = this.renderedByKey.get(key);
    return group === undefined ? undefined : clusterTooltip(this.localize, this.groupEntries(group));
  }

  private scheduleAnnouncement(): void {
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => {
      this.announcement = this.visibleCountText();
    }, ANNOUNCE_DELAY_MS);
  }

  private visibleCountText(): string {
    const { lanes, undated } = this.laneLayout;
    const window = this.currentWindow();
    let visible = undated.length;
    if (window !== undefined) {
      for (const lane of lanes) visible += countInRange(lane.times, window[0], window[1]);
    }
    const total = this.allEntries.length;
    return this.localize.plural('studiesVisible', total, { visible: this.localize.formatNumber(visible), total: this.localize.formatNumber(total) });
  }
}

function sameTransform(a: ZoomTransform, b: ZoomTransform): boolean {
  return a.k === b.k && a.x === b.x && a.y === b.y;
}
