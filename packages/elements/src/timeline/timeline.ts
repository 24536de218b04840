import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
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
import { controlStyles } from '../shared/controls.styles.js';
import { setCustomState } from '../shared/custom-states.js';
import { StudylineLoadEvent, StudylineLoadProgressEvent, StudylineSourceRetryEvent, StudylineStudySelectEvent } from '../shared/events.js';
import { StudyHistoryController, type HistoryRequest } from '../shared/history-controller.js';
import { LocalizeController } from '../shared/localize.js';
import { renderSourceStatus } from '../shared/source-status.js';
import { sourceStatusStyles } from '../shared/source-status.styles.js';
import { checkedTheme, themeStyles, type StudylineTheme } from '../shared/theme.js';
import { countInRange } from './clusters.js';
import { prepareEntries, type TimelineEntry } from './entries.js';
import { plotTicks, renderHorizontalPlot } from './horizontal-plot.js';
import { keyAction } from './keyboard.js';
import { MarkLabels } from './mark-labels.js';
import { assignLanes, timeExtent, type LaneLayout, type LaneMode } from './lanes.js';
import type { NavigationContext } from './navigation.js';
import { RenderedMarks, type LaneLocation } from './rendered-marks.js';
import { renderEmpty, renderError, renderSkeleton } from './status.js';
import { clusterTooltip, studyTooltip, type TooltipText } from './study-text.js';
import { LAYOUT, timelineStyles } from './timeline.styles.js';
import { LANE_MODES, renderToolbar } from './toolbar.js';
import { TimelineTooltipController } from './tooltip-controller.js';
import { groupByYear, type YearGroup } from './vertical-groups.js';
import { renderVerticalList } from './vertical-list.js';
import { TimelineZoomController } from './zoom-controller.js';
import { paddedDomain } from './zoom-math.js';

export type TimelineLayout = 'auto' | 'horizontal' | 'vertical';

/** A visible time range. */
export interface TimelineRange {
  start: Date;
  end: Date;
}

/** Below this host width, in CSS pixels, `layout="auto"` switches to the vertical list. */
const VERTICAL_BREAKPOINT_PX = 600;
/** Delay before the live region reports the visible count, so a pan or pinch is announced once. */
const ANNOUNCE_DELAY_MS = 400;
/** Number of undated marks, rows per year and years shown before a "show more" button. */
const UNDATED_PAGE = 24;
const YEAR_ROWS_PAGE = 20;
const YEARS_PAGE = 10;

const LAYOUTS: readonly TimelineLayout[] = ['auto', 'horizontal', 'vertical'];

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
 * @event {StudylineLoadProgressEvent} studyline-load-progress - A source responded while others are still searching; `detail.result` has the studies so far and `detail.pending` the sources still out.
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
  static override styles = [themeStyles, controlStyles, sourceStatusStyles, timelineStyles];

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

  @state() private hostWidth = 0;
  @state() private activeEntryIndex: number | undefined;
  @state() private announcement = '';
  @state() private undatedLimit = UNDATED_PAGE;
  @state() private yearLimit = YEARS_PAGE;
  @state() private yearRowLimits: ReadonlyMap<string, number> = new Map();

  private readonly localize = new LocalizeController(this);
  private readonly history = new StudyHistoryController(this, {
    onSettled: (result) => this.dispatchEvent(new StudylineLoadEvent({ result })),
    onProgress: (result, pending) => this.dispatchEvent(new StudylineLoadProgressEvent({ result, pending })),
  });
  private readonly zoom = new TimelineZoomController(this, {
    onZoom: () => this.tooltips.hide(),
    onSettled: () => this.scheduleAnnouncement(),
  });
  private readonly tooltips = new TimelineTooltipController(this, {
    root: () => this.shadowRoot,
    content: (key) => this.tooltipContent(key),
  });
  private readonly internals: ElementInternals;
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
  /** Lane index of every dated entry by entry index, -1 for others. */
  private entryLanes = new Int32Array(0);
  /** Position of every dated entry in its lane's sorted entries, by entry index. */
  private entryPositions = new Int32Array(0);
  /** Lane positions of the studies with `selectedStudyUid`, so that a cluster can show that it contains one. */
  private selectedLocations: LaneLocation[] = [];
  /** The vertical layout's sections, computed when that layout first renders these entries. */
  private yearGroups: YearGroup[] | undefined;

  /** The marks and clusters of the horizontal layout, rebuilt on every render of it. */
  private readonly marks = new RenderedMarks();
  private readonly markLabels = new MarkLabels();

  private wasLoading = false;
  private focusWasOnMark = false;
  private restoringFocus = false;
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  private resizeFrame = 0;

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.resizeObserver = new ResizeObserver((entries) => this.onResize(entries));
  }

  /** The time range the horizontal layout shows now, or undefined when no study is dated or the plot has no width yet. */
  get visibleRange(): TimelineRange | undefined {
    const window = this.zoom.currentWindow();
    if (window === undefined) return undefined;
    return { start: new Date(window[0]), end: new Date(window[1]) };
  }

  /** Status of the element's own search: `idle` without an adapter or patient, else `loading`, `complete` or `error`. */
  get loadStatus(): 'idle' | 'loading' | 'complete' | 'error' {
    return this.history.status;
  }

  /** Zooms in by a factor of two around the centre. */
  zoomIn(): void {
    this.zoom.zoomIn();
  }

  /** Zooms out by a factor of two around the centre. */
  zoomOut(): void {
    this.zoom.zoomOut();
  }

  /** Zooms out to show the whole history. */
  zoomToFit(): void {
    this.zoom.zoomToFit();
  }

  /** Shows the time range from `start` to `end`, as far as the zoom limits allow (at most about 3 days across). */
  zoomToRange(start: Date | number, end: Date | number): void {
    this.zoom.zoomToRange(start, end);
  }

  /** Searches again through `adapter`. Does nothing without an adapter. */
  retry(): void {
    this.history.retry();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const sizer = this.renderRoot?.querySelector('.sizer');
    if (sizer) this.resizeObserver.observe(sizer);
    if (this.zoom.target !== undefined) this.resizeObserver.observe(this.zoom.target);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver.disconnect();
    clearTimeout(this.announceTimer);
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
    this.syncPlot();
    // Marks render by position, so after a zoom the focused button may show another study, or be gone. The one
    // mark with tabindex 0 is the active study's, or the cluster that took it in: focus moves there.
    if (this.focusWasOnMark && !(this.shadowRoot?.activeElement?.matches('[data-key][tabindex="0"]') ?? false)) {
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
        ${this.renderToolbar()} ${this.renderSourceStatus()} ${this.renderBody(loading)} ${this.tooltips.render()}
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
    if (changed.has('theme')) this.theme = checkedTheme(this.theme, 'studyline-timeline');
  }

  private historyRequest(): HistoryRequest | undefined {
    const id = this.patientId?.trim();
    if (this.adapter === undefined || id === undefined || id === '') return undefined;
    const issuer = this.issuerOfPatientId?.trim();
    const patient: PatientIdentifier = issuer ? { id, issuer } : { id };
    return { adapter: this.adapter, patient };
  }

  private resetForNewHistory(): void {
    this.zoom.userZoomed = false;
    this.undatedLimit = UNDATED_PAGE;
    this.yearLimit = YEARS_PAGE;
    this.yearRowLimits = new Map();
    this.activeEntryIndex = undefined;
    this.tooltips.hide();
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
    // Entries read modality codes through the terminology, so a new terminology prepares them again.
    const entriesChanged = input !== this.studiesInput || this.terminology !== this.appliedTerminology;
    if (entriesChanged) {
      this.studiesInput = input;
      const prepared = prepareEntries(input, this.terminology ?? defaultTerminology());
      this.allEntries = prepared.entries;
      for (const warning of prepared.warnings) warnOnce(warning);
    }
    const filterChanged = this.filter !== this.appliedFilter || this.terminology !== this.appliedTerminology;
    if (entriesChanged || filterChanged) {
      this.appliedFilter = this.filter;
      this.appliedTerminology = this.terminology;
      this.entries = this.filteredEntries();
      this.yearGroups = undefined;
    }

    const layoutKey = `${this.laneMode}|${this.localize.locale}`;
    if (!entriesChanged && !filterChanged && layoutKey === this.laneLayoutKey) return;
    this.laneLayoutKey = layoutKey;
    this.laneLayout = assignLanes(this.entries, this.laneMode, this.localize.collator());
    // Entry indexes are positions in the input, so arrays of the input's length hold every entry's location.
    this.entryLanes = new Int32Array(input.length).fill(-1);
    this.entryPositions = new Int32Array(input.length);
    this.laneLayout.lanes.forEach((lane, laneIndex) => {
      lane.entries.forEach((entry, position) => {
        this.entryLanes[entry.index] = laneIndex;
        this.entryPositions[entry.index] = position;
      });
    });

    const extent = timeExtent(this.laneLayout.lanes);
    this.zoom.setDomain(extent === undefined ? undefined : paddedDomain(extent));
  }

  private filteredEntries(): TimelineEntry[] {
    if (!isFilterActive(this.filter)) return this.allEntries;
    const terminology = this.terminology ?? defaultTerminology();
    const matcher = compileStudyFilter(this.filter, { terminology });
    return this.allEntries.filter((entry) => matcher.matches(studyFacts(entry.study, terminology)));
  }

  private updateSelectedLocations(): void {
    this.selectedLocations = [];
    if (this.selectedStudyUid === undefined) return;
    for (const entry of this.entries) {
      if (entry.study.studyInstanceUid !== this.selectedStudyUid) continue;
      const location = this.locationOf(entry.index);
      if (location !== undefined) this.selectedLocations.push(location);
    }
  }

  private updateCustomStates(): void {
    const loading = this.isLoading();
    const error = this.isErrorState();
    const outcomes = this.outcomes();
    const problem = outcomes.some((outcome) => outcome.status.state !== 'complete');
    setCustomState(this.internals, 'loading', loading);
    setCustomState(this.internals, 'error', error);
    setCustomState(this.internals, 'empty', !loading && !error && this.allEntries.length === 0);
    setCustomState(this.internals, 'filtered', isFilterActive(this.filter));
    setCustomState(this.internals, 'incomplete', !error && problem);
    setCustomState(this.internals, 'vertical', this.isVertical());
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
  // Plot size

  /** Hands the rendered plot to the zoom controller and observes its width. */
  private syncPlot(): void {
    const before = this.zoom.target;
    const plot = this.renderRoot.querySelector<HTMLElement>('.plot') ?? undefined;
    if (!this.zoom.attach(plot)) return;
    if (before !== undefined) this.resizeObserver.unobserve(before);
    if (plot === undefined) return;
    this.resizeObserver.observe(plot);
    // Measured now, so that the marks appear in the same frame as the plot.
    this.zoom.resizePlot(plot.clientWidth);
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
      // clientWidth excludes the border, as the gestures' pointer positions do.
      const plot = this.zoom.target;
      if (plot !== undefined) this.zoom.resizePlot(plot.clientWidth);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  private renderToolbar(): TemplateResult {
    return renderToolbar({
      localize: this.localize,
      horizontal: !this.isVertical() && this.laneLayout.lanes.length > 0,
      laneMode: this.laneMode,
      canZoomIn: this.zoom.canZoomIn,
      canZoomOut: this.zoom.canZoomOut,
      onLaneMode: (mode) => this.changeLaneMode(mode),
      onZoomIn: () => this.zoomIn(),
      onZoomOut: () => this.zoomOut(),
      onZoomToFit: () => this.zoomToFit(),
    });
  }

  private renderSourceStatus(): TemplateResult | typeof nothing {
    return renderSourceStatus({
      localize: this.localize,
      pending: this.pending(),
      problems: this.isErrorState() ? [] : this.outcomes().filter((outcome) => outcome.status.state !== 'complete'),
      onRetry: (sources) => this.retrySources(sources),
    });
  }

  private renderBody(loading: boolean): TemplateResult {
    if (this.isErrorState()) return renderError(this.localize, this.outcomes(), (sources) => this.retrySources(sources));
    if (this.entries.length === 0) {
      if (this.allEntries.length > 0) return renderEmpty(this.localize, 'filtered');
      if (loading) return renderSkeleton(this.localize);
      const noPatient = this.adapter !== undefined && this.historyRequest() === undefined;
      return renderEmpty(this.localize, noPatient ? 'no-patient' : 'no-studies');
    }
    return this.isVertical() ? this.renderVertical() : this.renderHorizontal();
  }

  private renderHorizontal(): TemplateResult {
    const scale = this.zoom.currentScale();
    const plotWidth = this.zoom.plotWidth;
    this.marks.update(this.laneLayout, scale, { plotWidth, cluster: !this.zoom.isAtMaxZoom(), undatedLimit: this.undatedLimit });
    const activeKey = this.activeEntryIndex === undefined ? undefined : this.keyOfEntry(this.activeEntryIndex);
    this.markLabels.use(this.laneLayout, this.localize);
    return renderHorizontalPlot({
      localize: this.localize,
      layout: this.laneLayout,
      marks: this.marks,
      labels: this.markLabels,
      ticks: scale === undefined ? [] : plotTicks(this.localize, scale, this.zoom.visibleWindow(scale), plotWidth),
      tabStop: this.marks.tabStopKey(activeKey, plotWidth),
      selectedLocations: this.selectedLocations,
      selectedStudyUid: this.selectedStudyUid,
      undatedPage: UNDATED_PAGE,
      onShowMoreUndated: () => {
        this.undatedLimit += UNDATED_PAGE;
      },
    });
  }

  private renderVertical(): TemplateResult {
    this.yearGroups ??= groupByYear(this.entries);
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
    if (this.adapter !== undefined && !cancelled) this.history.retry(sources.map((source) => source.id));
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

  /** Returns the key of the shown mark, cluster or row that contains an entry. */
  private keyOfEntry(entryIndex: number): string | undefined {
    if (this.isVertical()) return this.renderRoot.querySelector(`[data-key="r${entryIndex}"]`) ? `r${entryIndex}` : undefined;
    return this.marks.keyOfEntry(entryIndex, this.locationOf(entryIndex));
  }

  /** Returns the lane and position of a dated entry, or undefined for an undated entry or an unknown index. */
  private locationOf(entryIndex: number): LaneLocation | undefined {
    const laneIndex = this.entryLanes[entryIndex];
    if (laneIndex === undefined || laneIndex < 0) return undefined;
    return { laneIndex, position: this.entryPositions[entryIndex] };
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
    const group = this.marks.byKey.get(key);
    if (group === undefined) return;
    const lane = this.laneLayout.lanes[group.laneIndex];
    this.activeEntryIndex = lane.entries[group.start].index;
    const first = lane.times[group.start];
    const last = lane.times[group.end - 1];
    this.zoom.zoomToStudies(first, last);
  }

  private selectStudy(entry: TimelineEntry): void {
    const event = new StudylineStudySelectEvent({ study: entry.study });
    if (this.dispatchEvent(event)) this.selectedStudyUid = entry.study.studyInstanceUid;
  }

  private onKeydown(event: KeyboardEvent): void {
    const action = keyAction(event, {
      root: this.shadowRoot,
      tooltipShown: this.tooltips.shown,
      vertical: this.isVertical(),
      canZoom: this.zoom.baseScale() !== undefined,
      plotWidth: this.zoom.plotWidth,
      groupOfKey: (key) => this.marks.byKey.get(key),
      entryOfKey: (key) => this.entryOfKey(key),
      navigation: () => this.navigationContext(),
      rows: () => [...this.renderRoot.querySelectorAll<HTMLElement>('.row')],
    });
    switch (action.type) {
      case 'ignore':
        return;
      case 'hide-tooltip':
        this.tooltips.hide();
        event.stopPropagation();
        return;
      case 'consume':
        event.preventDefault();
        return;
      case 'zoom':
        event.preventDefault();
        this.zoom.zoomBy(action.factor, action.anchorX);
        return;
      case 'focus':
        event.preventDefault();
        void this.moveFocusTo(action.entry);
        return;
    }
  }

  private navigationContext(): NavigationContext {
    const scale = this.zoom.currentScale();
    return {
      lanes: this.laneLayout.lanes,
      undated: this.laneLayout.undated,
      renderedLanes: this.marks.lanes,
      viewWidth: this.zoom.plotWidth,
      timeAt: (x) => scale?.time(x),
    };
  }

  /** Makes an entry the active one, pans it into view if needed, and focuses its mark or row. */
  private async moveFocusTo(entry: TimelineEntry): Promise<void> {
    this.activeEntryIndex = entry.index;
    if (!this.isVertical() && entry.time !== undefined) {
      const scale = this.zoom.currentScale();
      const x = scale?.x(entry.time);
      if (x !== undefined && (x < LAYOUT.trackInset || x > this.zoom.plotWidth - LAYOUT.trackInset)) this.zoom.panTo(entry.time);
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
    const group = this.marks.byKey.get(key);
    if (entry !== undefined) this.activeEntryIndex = entry.index;
    else if (group !== undefined) this.activeEntryIndex = this.laneLayout.lanes[group.laneIndex]?.entries[group.start]?.index;
    if (!this.restoringFocus) this.tooltips.show(item);
  }

  private onFocusOut(event: FocusEvent): void {
    const next = event.relatedTarget as Element | null;
    if (next?.closest?.('[data-key]')) return;
    this.tooltips.hide();
  }

  private onPointerOver(event: MouseEvent): void {
    const item = (event.target as Element).closest<HTMLElement>('[data-key]');
    if (item === null) return;
    this.tooltips.cancelHide();
    if (this.tooltips.key !== item.dataset.key) this.tooltips.show(item);
  }

  private onPointerOut(event: MouseEvent): void {
    const item = (event.target as Element).closest<HTMLElement>('[data-key]');
    if (item === null) return;
    const next = event.relatedTarget as Node | null;
    if (next !== null && item.contains(next)) return;
    this.tooltips.scheduleHide();
  }

  private tooltipContent(key: string): TooltipText | undefined {
    const entry = this.entryOfKey(key);
    if (entry !== undefined) return studyTooltip(this.localize, entry);
    const group = this.marks.byKey.get(key);
    return group === undefined ? undefined : clusterTooltip(this.localize, this.marks.entriesOf(group, this.laneLayout));
  }

  private scheduleAnnouncement(): void {
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => {
      this.announcement = this.visibleCountText();
    }, ANNOUNCE_DELAY_MS);
  }

  private visibleCountText(): string {
    const { lanes, undated } = this.laneLayout;
    const window = this.zoom.currentWindow();
    let visible = undated.length;
    if (window !== undefined) {
      for (const lane of lanes) visible += countInRange(lane.times, window[0], window[1]);
    }
    const total = this.allEntries.length;
    return this.localize.plural('studiesVisible', total, { visible: this.localize.formatNumber(visible), total: this.localize.formatNumber(total) });
  }
}
