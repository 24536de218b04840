import { LitElement, html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import {
  filterStudies,
  isFilterActive,
  warnOnce,
  type PatientIdentifier,
  type SourceInfo,
  type SourceOutcome,
  type Study,
  type StudyFilter,
  type StudylineAdapter,
  type Terminology,
} from '@studyline/core';
import type { StudylineDownloadStartEvent } from '../download-button/download-events.js';
import type { StudylineImportCompleteEvent, StudylineImportStartEvent } from '../import-button/import-events.js';
import { controlStyles } from '../shared/controls.styles.js';
import { setCustomState } from '../shared/custom-states.js';
import { StudylineLoadEvent, StudylineLoadProgressEvent, StudylineSourceRetryEvent, type StudylineStudySelectEvent } from '../shared/events.js';
import type { StudylineFilterChangeEvent } from '../shared/filter-change-event.js';
import { StudyHistoryController, type HistoryRequest, type HistoryStatus } from '../shared/history-controller.js';
import { LocalizeController } from '../shared/localize.js';
import { renderSourceStatus } from '../shared/source-status.js';
import { sourceStatusStyles } from '../shared/source-status.styles.js';
import { checkedTheme, themeStyles, type StudylineTheme } from '../shared/theme.js';
import { patientHistoryStyles } from './patient-history.styles.js';
import { downloadSourceAdapter, importSourceAdapter, isHeldLocally } from './study-adapters.js';

/** Content of the history side: the zoomable timeline or the sortable list. */
export type PatientHistoryView = 'timeline' | 'list';

/**
 * The arrangement for the element's width: `wide` puts the preview beside the
 * timeline or list, `stacked` below it, and `narrow` shows the preview as a
 * panel of its own with a button back to the history.
 */
export type PatientHistoryLayout = 'wide' | 'stacked' | 'narrow';

/** Below this element width, in CSS pixels, the preview becomes a panel of its own. */
const NARROW_BELOW_PX = 600;
/**
 * From this element width, in CSS pixels, the preview sits beside the
 * history. The history column then keeps at least 600 px, so the timeline
 * stays horizontal (it switches to its vertical list below 600 px).
 */
const WIDE_FROM_PX = 1024;
/** Frames to wait, after the history comes back, for the timeline to lay out again before focusing its selected study. */
const FOCUS_RETRY_FRAMES = 10;

const VIEWS: readonly PatientHistoryView[] = ['timeline', 'list'];
const NO_STUDIES: Study[] = [];
const NO_OUTCOMES: SourceOutcome[] = [];
const NO_FILTER: StudyFilter = {};

const BACK_ICON = svg`<path d="M15 18l-6-6 6-6" />`;
const FILTER_ICON = svg`<path d="M4 5h16l-6 7.5V19l-4-2v-4.5z" />`;

/** The import and download that ran or run for one study, with the adapters they started with. */
interface StudyTransfers {
  study: Study;
  importSource?: StudylineAdapter;
  downloadSource?: StudylineAdapter;
}

/** The buttons a study's preview gets, with the adapter each works with. */
interface StudyActions {
  study: Study;
  importSource: StudylineAdapter | undefined;
  downloadSource: StudylineAdapter | undefined;
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/**
 * One patient's whole imaging history in one element: the filter, the
 * timeline or the list (the user switches between them), and the preview of
 * the selected study, wired together. A PACS, an EHR tab or a patient portal
 * gives it an `adapter` and a `patient-id`.
 *
 * It searches once, through the shared history controller, and hands the
 * same studies to the filter, the timeline, the list and the preview, so
 * each source gets one search request. Choosing a study in the timeline or
 * the list selects it in both and shows it in the preview. Each source's
 * status shows as the timeline's banners, and in the list view as the same
 * banners above the list.
 *
 * With the `importTarget` property set, an external study's preview offers
 * `<studyline-import-button>`. It copies the study from that source's own
 * adapter (`adapterForSource` of `combineSources`) into the target. After a
 * verified import the element searches again, so the study shows as one that
 * the own archive has. With `allow-download` the preview offers
 * `<studyline-download-button>`. A running import or download keeps going
 * while the user looks at other studies.
 *
 * Wide elements (1024 px and more) show the filter on top and the preview
 * beside the timeline or list. Elements from 600 px stack the preview below
 * them. In both, the filter has its compact layout: the search box and the
 * modality chips, with the other facets behind "More filters". Narrower
 * elements fold the whole filter away behind a button and show the preview
 * as a panel of its own, with a button back to the history.
 *
 * The events of the filter, timeline, list, preview and buttons bubble out
 * of this element unchanged, so a host listens to them here. Cancelling
 * `studyline-study-select` or `studyline-filter-change` keeps the current
 * selection or filter in every part.
 *
 * The class does not register itself. Import
 * `@studyline/elements/patient-history/define.js` for the
 * `studyline-patient-history` tag; it also registers the elements it is made
 * of under their default tags, which this element renders.
 *
 * @summary One patient's imaging history: filter, timeline or list, and the selected study's preview, wired together.
 *
 * @event {StudylineLoadEvent} studyline-load - A search through `adapter` finished, with every source's status in `detail.result`: the first search and each one again after a Retry or a verified import.
 * @event {StudylineLoadProgressEvent} studyline-load-progress - A source responded while others are still searching; `detail.result` has the studies so far and `detail.pending` the sources still out.
 * @event {StudylineStudySelectEvent} studyline-study-select - From the timeline, the list or the preview's newer and older buttons: a user chose a study. Cancelable: `preventDefault()` keeps the current selection everywhere.
 * @event {StudylineFilterChangeEvent} studyline-filter-change - From the filter: a user changed it. Cancelable: `preventDefault()` keeps the previous filter everywhere.
 * @event {StudylineSourceRetryEvent} studyline-source-retry - A user pressed Retry for a failed or incomplete source. Cancelable: `preventDefault()` stops the element from searching again.
 * @event {StudylineSeriesOpenEvent} studyline-series-open - From the preview: a user opened a series. Cancelable.
 * @event {StudylineReportOpenEvent} studyline-report-open - From the preview: a user opened a report. Cancelable: the host then shows the report itself.
 * @event {StudylineImportStartEvent} studyline-import-start - From the import button: an import is about to start. Cancelable.
 * @event {StudylineImportProgressEvent} studyline-import-progress - From the import button: the import moved on.
 * @event {StudylineImportCompleteEvent} studyline-import-complete - From the import button: the import ended. After `done` the element searches again.
 * @event {StudylineDownloadStartEvent} studyline-download-start - From the download button: a download is about to start. Cancelable.
 * @event {StudylineDownloadProgressEvent} studyline-download-progress - From the download button: the download moved on.
 * @event {StudylineDownloadCompleteEvent} studyline-download-complete - From the download button: the download ended.
 *
 * @slot header - Content above everything, such as a patient banner.
 * @slot empty - Replaces the "No studies for this patient" message of the timeline and the list.
 *
 * @csspart base - The wrapper around everything.
 * @csspart header - The box around the header slot, hidden while the slot is empty.
 * @csspart filter - The `<studyline-modality-filter>`.
 * @csspart filter-toggle - The button that shows or hides the filter on narrow elements.
 * @csspart view-switch - The group of buttons that switch between timeline and list: at the end of the filter, or beside the filter button on narrow elements.
 * @csspart view-button - Each button of the view switch.
 * @csspart history - The box around the timeline or list.
 * @csspart timeline - The `<studyline-timeline>`.
 * @csspart list - The `<studyline-study-list>`.
 * @csspart status - The per-source loading lines and banners shown above the list and in single-study mode.
 * @csspart source-loading - The line for a source that is still searching, above the list and in single-study mode.
 * @csspart banner - The banner of a failed or incomplete source in the list view and in single-study mode.
 * @csspart retry-button - The Retry button of such a banner.
 * @csspart message - The "No patient selected" and "not in the imaging history" messages.
 * @csspart detail - The box around the selected study's buttons and preview, which is a panel of its own on narrow elements.
 * @csspart back-button - The button back to the history on narrow elements.
 * @csspart actions - The box with the import and download buttons.
 * @csspart import-button - The `<studyline-import-button>`.
 * @csspart download-button - The `<studyline-download-button>`.
 * @csspart preview - The `<studyline-study-preview>`.
 *
 * @cssprop --studyline-color-background - Background of the element.
 * @cssprop --studyline-color-surface - Background of the view switch, the filter button and the back button on hover.
 * @cssprop --studyline-color-surface-raised - Background of buttons.
 * @cssprop --studyline-color-text - Main text colour.
 * @cssprop --studyline-color-text-muted - Messages and loading lines.
 * @cssprop --studyline-color-border - Borders of buttons.
 * @cssprop --studyline-color-grid - The line between the history and the preview.
 * @cssprop --studyline-color-accent - The chosen view's button and the filter button while the filter is shown.
 * @cssprop --studyline-color-accent-surface - Background of the chosen view's button and of the filter button while the filter is shown.
 * @cssprop --studyline-color-focus-ring - Keyboard focus outline.
 * @cssprop --studyline-color-warning-surface - Background of an incomplete source's banner.
 * @cssprop --studyline-color-warning-text - Text of an incomplete source's banner.
 * @cssprop --studyline-color-danger-surface - Background of a failed source's banner.
 * @cssprop --studyline-color-danger-text - Text of a failed source's banner.
 * @cssprop --studyline-radius - Corner radius of buttons and banners.
 * @cssprop --studyline-font-size - Base font size.
 * @cssprop --studyline-font-family - Font family; a system sans-serif by default.
 * @cssprop --studyline-sticky-top - In the wide layout, the distance from the top of the scrolling area at which the preview stays while the history scrolls, such as the height of the host's fixed header; 0px by default.
 *
 * @cssstate loading - A search is running.
 * @cssstate error - Every source failed.
 * @cssstate empty - The search finished without any study.
 * @cssstate incomplete - At least one source failed or returned an incomplete list, while others responded.
 * @cssstate filtered - The filter narrows the studies.
 * @cssstate selected - A study is selected and found in the history.
 * @cssstate wide - The preview sits beside the history. Never set in single-study mode.
 * @cssstate narrow - The element is narrower than 600 px, so the preview is a panel of its own. Never set in single-study mode.
 * @cssstate study-open - In the narrow layout, the preview panel is shown in place of the history.
 */
export class StudylinePatientHistory extends LitElement {
  static override styles = [themeStyles, controlStyles, sourceStatusStyles, patientHistoryStyles];

  /** The adapter that searches the patient's studies and serves their series and images, usually from `combineSources`. Property only. */
  @property({ attribute: false })
  adapter: StudylineAdapter | undefined;

  /** Patient ID to search for. A new value aborts the search in progress and clears the selection. */
  @property({ attribute: 'patient-id' })
  patientId: string | undefined;

  /** Issuer of the patient ID (IssuerOfPatientID or an assigning authority), when the sources need it. */
  @property({ attribute: 'issuer-of-patient-id' })
  issuerOfPatientId: string | undefined;

  /**
   * The adapter of the own PACS. When set, the preview of a study that only
   * external sources hold offers an Import button that copies the study into
   * it. Property only.
   */
  @property({ attribute: false })
  importTarget: StudylineAdapter | undefined;

  /** Offers a "Download as DICOM" button in the preview. */
  @property({ type: Boolean, attribute: 'allow-download', reflect: true })
  allowDownload = false;

  /**
   * Patient portal mode: the element shows only the preview of the study in
   * `selected-study-uid`, with no filter, timeline, list or any other way to
   * reach another study.
   */
  @property({ type: Boolean, attribute: 'single-study', reflect: true })
  singleStudy = false;

  /** `timeline` or `list`. The user switches with the buttons at the end of the filter, which set this attribute. */
  @property({ reflect: true })
  view: PatientHistoryView = 'timeline';

  /** Colour theme of this element and every element in it: `light`, `dark`, or `auto` to follow the operating system. */
  @property({ reflect: true })
  theme: StudylineTheme = 'light';

  /** Study Instance UID of the selected study, which the preview shows. Set by the user's choice, or by the host. */
  @property({ attribute: 'selected-study-uid', reflect: true })
  selectedStudyUid: string | undefined;

  /** The filter: set it to start with a filter, and read it for the user's. The element sets it on every change the user makes. Property only. */
  @property({ attribute: false })
  filter: StudyFilter | undefined;

  /**
   * The terminology through which the filter, the timeline and the list read
   * modality codes and body parts, and which names the body regions in the
   * preview; the built-in one by default. Property only.
   */
  @property({ attribute: false })
  terminology: Terminology | undefined;

  /** Accessible name of the element. Defaults to "Patient imaging history" in the element's language. */
  @property()
  label: string | undefined;

  @state() private layoutMode: PatientHistoryLayout = 'wide';
  @state() private studyOpen = false;
  /** Whether the filter is shown in the narrow layout, where it starts folded away behind a button. */
  @state() private filterOpen = false;
  @state() private hasHeader = false;

  private readonly localize = new LocalizeController(this);
  private readonly history = new StudyHistoryController(this, {
    onSettled: (result) => this.dispatchEvent(new StudylineLoadEvent({ result })),
    onProgress: (result, pending) => this.dispatchEvent(new StudylineLoadProgressEvent({ result, pending })),
  });
  private readonly internals: ElementInternals;
  private readonly resizeObserver: ResizeObserver;
  private resizeFrame = 0;
  /** Patient ID and issuer of the current search, to tell a new patient from a new adapter. */
  private patientKey: string | undefined;
  /** Retry events of the timeline from one press, handled together once every listener has seen them. */
  private pendingRetries: StudylineSourceRetryEvent[] = [];
  /**
   * Studies with an import or download started since the patient was set.
   * Their buttons stay in the document, hidden while another study is
   * selected, because a button cancels its transfer when its study changes
   * or it leaves the document.
   */
  private readonly transfers = new Map<string, StudyTransfers>();
  private navigableCache: { key: readonly unknown[]; studies: Study[] } | undefined;

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.resizeObserver = new ResizeObserver((entries) => {
      const width = entries[entries.length - 1]?.contentRect.width;
      // Applied in the next frame: a layout change can add or remove the page's scroll bar, which changes the width
      // again within this frame, and the browser reports such a loop as an error.
      cancelAnimationFrame(this.resizeFrame);
      this.resizeFrame = requestAnimationFrame(() => {
        if (width !== undefined) this.applyWidth(width);
      });
    });
  }

  /** Status of the search: `idle` without an adapter or patient, else `loading`, `complete` or `error`. */
  get loadStatus(): HistoryStatus {
    return this.history.status;
  }

  /** The studies found so far, merged across sources, newest first. */
  get studies(): readonly Study[] {
    return this.history.result?.studies ?? NO_STUDIES;
  }

  /** Each source's outcome of the search so far. */
  get sourceOutcomes(): readonly SourceOutcome[] {
    return this.history.result?.sources ?? NO_OUTCOMES;
  }

  /** The study with `selectedStudyUid`, once the search has found it. */
  get selectedStudy(): Study | undefined {
    const uid = this.selectedStudyUid;
    return uid === undefined ? undefined : this.studies.find((study) => study.studyInstanceUid === uid);
  }

  /** The arrangement for the element's current width. */
  get currentLayout(): PatientHistoryLayout {
    return this.layoutMode;
  }

  /** Searches every source again. The studies found so far stay until each source responds. */
  retry(): void {
    this.history.retry();
  }

  /**
   * Shows the history in place of the study panel of the narrow layout, as
   * the back button does, for hosts that map the browser's Back button to it.
   * Other layouts show both already, so there it changes nothing on screen.
   */
  showHistory(): void {
    if (!this.studyOpen) return;
    this.studyOpen = false;
    if (this.layoutMode === 'narrow') void this.focusSelectedInHistory();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver.disconnect();
    cancelAnimationFrame(this.resizeFrame);
    this.pendingRetries = [];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.normalizeAttributes(changed);
    if (changed.has('adapter') || changed.has('patientId') || changed.has('issuerOfPatientId')) {
      const key = this.currentPatientKey();
      if (this.patientKey !== undefined && key !== this.patientKey) this.forgetPatient(changed.has('selectedStudyUid'));
      this.patientKey = key;
      this.history.load(this.historyRequest());
    }
    this.updateCustomStates();
  }

  protected override firstUpdated(): void {
    // Measured now, before the first paint, so that a narrow element never shows the wide layout first.
    this.applyWidth(this.getBoundingClientRect().width);
  }

  protected override render(): TemplateResult {
    const selected = this.selectedStudy;
    const content = this.singleStudy ? this.renderSingleStudy(selected) : this.renderFullHistory(selected);
    return html`
      <section
        part="base"
        class="base ${this.singleStudy ? 'single' : this.layoutMode}"
        aria-label=${this.label ?? this.localize.term('historyLabel')}
        @studyline-study-select=${this.onStudySelect}
        @studyline-filter-change=${this.onFilterChange}
        @studyline-source-retry=${this.onSourceRetry}
        @studyline-import-start=${this.onImportStart}
        @studyline-import-complete=${this.onImportComplete}
        @studyline-download-start=${this.onDownloadStart}
      >
        <div part="header" class="header" ?hidden=${!this.hasHeader}>
          <slot name="header" @slotchange=${this.onHeaderSlotChange}></slot>
        </div>
        ${content}
      </section>
    `;
  }

  // ---------------------------------------------------------------------------------------------
  // Inputs

  private normalizeAttributes(changed: PropertyValues<this>): void {
    if (changed.has('view') && !VIEWS.includes(this.view)) {
      warnOnce('Unknown view value on studyline-patient-history; use "timeline" or "list". Showing the timeline.');
      this.view = 'timeline';
    }
    if (changed.has('theme')) this.theme = checkedTheme(this.theme, 'studyline-patient-history');
  }

  private trimmedPatientId(): string | undefined {
    const id = typeof this.patientId === 'string' ? this.patientId.trim() : '';
    return id === '' ? undefined : id;
  }

  private currentPatientKey(): string | undefined {
    const id = this.trimmedPatientId();
    if (id === undefined) return undefined;
    const issuer = typeof this.issuerOfPatientId === 'string' ? this.issuerOfPatientId.trim() : '';
    return JSON.stringify([id, issuer]);
  }

  private historyRequest(): HistoryRequest | undefined {
    const id = this.trimmedPatientId();
    if (this.adapter === undefined || this.adapter === null || id === undefined) return undefined;
    const issuer = typeof this.issuerOfPatientId === 'string' ? this.issuerOfPatientId.trim() : '';
    const patient: PatientIdentifier = issuer === '' ? { id } : { id, issuer };
    return { adapter: this.adapter, patient };
  }

  /** Drops what belongs to the previous patient. A selection that the host set in the same update stays. */
  private forgetPatient(keepSelection: boolean): void {
    if (!keepSelection) this.selectedStudyUid = undefined;
    this.studyOpen = false;
    this.transfers.clear();
  }

  private applyWidth(width: number): void {
    // A hidden element measures 0 wide; it keeps its layout until it is shown.
    if (width <= 0) return;
    let layout: PatientHistoryLayout = 'stacked';
    if (width < NARROW_BELOW_PX) layout = 'narrow';
    else if (width >= WIDE_FROM_PX) layout = 'wide';
    if (layout !== this.layoutMode) this.layoutMode = layout;
  }

  private updateCustomStates(): void {
    const status = this.history.status;
    const outcomes = this.sourceOutcomes;
    const narrow = !this.singleStudy && this.layoutMode === 'narrow';
    setCustomState(this.internals, 'loading', status === 'loading');
    setCustomState(this.internals, 'error', status === 'error');
    setCustomState(this.internals, 'empty', status === 'complete' && this.studies.length === 0);
    setCustomState(this.internals, 'incomplete', status !== 'error' && outcomes.some((outcome) => outcome.status.state !== 'complete'));
    setCustomState(this.internals, 'filtered', isFilterActive(this.filter));
    setCustomState(this.internals, 'selected', this.selectedStudy !== undefined);
    setCustomState(this.internals, 'wide', !this.singleStudy && this.layoutMode === 'wide');
    setCustomState(this.internals, 'narrow', narrow);
    setCustomState(this.internals, 'study-open', narrow && this.studyOpen);
  }

  /** Returns the studies that pass the filter, newest first, for the preview's newer and older buttons. */
  private navigableStudies(): Study[] {
    const studies = this.studies as Study[];
    const key = [studies, this.filter, this.terminology];
    if (this.navigableCache !== undefined && key.every((value, index) => value === this.navigableCache?.key[index])) {
      return this.navigableCache.studies;
    }
    const navigable = isFilterActive(this.filter) ? filterStudies(studies, this.filter, { terminology: this.terminology }).studies : studies;
    this.navigableCache = { key, studies: navigable };
    return navigable;
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  private renderFullHistory(selected: Study | undefined): TemplateResult {
    const narrow = this.layoutMode === 'narrow';
    const showHistory = !narrow || !this.studyOpen;
    const showDetail = !narrow || this.studyOpen;
    // On a phone the filter's choices would fill several screens before the first study, so they start folded away.
    // Wider elements show the filter's compact layout, whose search box and modality chips leave the timeline in view.
    return html`
      ${narrow ? this.renderFilterBar(showHistory) : nothing}
      <studyline-modality-filter
        id="filter"
        part="filter"
        class="filter"
        ?hidden=${!showHistory || (narrow && !this.filterOpen)}
        layout=${narrow ? 'full' : 'compact'}
        theme=${this.theme}
        .studies=${this.studies as Study[]}
        .filter=${this.filter ?? NO_FILTER}
        .terminology=${this.terminology}
      >
        ${narrow ? nothing : this.renderViewSwitch()}
      </studyline-modality-filter>
      <div part="history" class="history" tabindex="-1" ?hidden=${!showHistory}>${this.renderHistoryView()}</div>
      <div part="detail" class="detail" ?hidden=${!showDetail}>
        ${narrow ? this.renderBackButton() : nothing} ${this.renderActions(selected)} ${this.renderPreview(selected)}
      </div>
    `;
  }

  private renderSingleStudy(selected: Study | undefined): TemplateResult {
    if (this.trimmedPatientId() === undefined) return this.renderMessage('noPatient');
    // Until the search finds the study, the element shows the search's progress, not an empty preview.
    if (selected === undefined && this.selectedStudyUid !== undefined) {
      const searching = this.history.status === 'loading' || this.history.status === 'idle';
      return html`${this.renderSourceStatus()} ${searching ? nothing : this.renderMessage('historyStudyNotFound')}`;
    }
    return html`<div part="detail" class="detail">${this.renderActions(selected)} ${this.renderPreview(selected)}</div>`;
  }

  private renderMessage(key: 'noPatient' | 'historyStudyNotFound'): TemplateResult {
    return html`<p part="message" class="message">${this.localize.term(key)}</p>`;
  }

  /** Renders the narrow layout's row with the button that shows or hides the filter, and the view switch. */
  private renderFilterBar(shown: boolean): TemplateResult {
    const active = isFilterActive(this.filter);
    const total = this.studies.length;
    const matching = this.navigableStudies().length;
    return html`
      <div class="filter-bar" ?hidden=${!shown}>
        <button
          part="filter-toggle"
          class="button filter-toggle"
          type="button"
          aria-expanded=${this.filterOpen ? 'true' : 'false'}
          aria-controls="filter"
          @click=${() => (this.filterOpen = !this.filterOpen)}
        >
          <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${FILTER_ICON}</svg>
          <span class="filter-toggle-text">
            <span>${this.localize.term('filterLabel')}</span>
            ${active
              ? html`<span class="filter-toggle-result">
                  ${this.localize.plural('filterResult', total, {
                    matching: this.localize.formatNumber(matching),
                    total: this.localize.formatNumber(total),
                  })}
                </span>`
              : nothing}
          </span>
        </button>
        ${this.renderViewSwitch()}
      </div>
    `;
  }

  private renderViewSwitch(): TemplateResult {
    return html`
      <div part="view-switch" class="view-switch" role="group" aria-label=${this.localize.term('historyViewLabel')}>
        ${VIEWS.map(
          (view) => html`
            <button
              part="view-button"
              class="button view-button"
              type="button"
              data-view=${view}
              aria-pressed=${this.view === view ? 'true' : 'false'}
              @click=${() => this.changeView(view)}
            >
              ${this.localize.term(view === 'timeline' ? 'historyViewTimeline' : 'historyViewList')}
            </button>
          `,
        )}
      </div>
    `;
  }

  private renderHistoryView(): TemplateResult {
    if (this.trimmedPatientId() === undefined) return this.renderMessage('noPatient');
    const loading = this.history.status === 'loading';
    // The forwarded slot keeps the child's own text as fallback, because an empty slot would replace it with nothing.
    const emptySlot = html`<slot name="empty" slot="empty">${this.localize.term('empty')}</slot>`;
    if (this.view === 'list') {
      const failed = this.history.status === 'error' && this.studies.length === 0;
      return html`
        ${this.renderSourceStatus()}
        ${failed
          ? nothing
          : html`<studyline-study-list
              part="list"
              class="list"
              theme=${this.theme}
              .studies=${this.studies as Study[]}
              .filter=${this.filter}
              .terminology=${this.terminology}
              .selectedStudyUid=${this.selectedStudyUid}
              ?loading=${loading}
              >${emptySlot}</studyline-study-list
            >`}
      `;
    }
    return html`<studyline-timeline
      part="timeline"
      class="timeline"
      theme=${this.theme}
      .studies=${this.studies as Study[]}
      .sources=${this.sourceOutcomes as SourceOutcome[]}
      .pendingSources=${this.history.pending as SourceInfo[]}
      .filter=${this.filter}
      .terminology=${this.terminology}
      .selectedStudyUid=${this.selectedStudyUid}
      ?loading=${loading}
      >${emptySlot}</studyline-timeline
    >`;
  }

  /** Renders the sources still searching and the banners of failed and incomplete ones, as the timeline does. */
  private renderSourceStatus(): TemplateResult | typeof nothing {
    return renderSourceStatus({
      localize: this.localize,
      pending: this.history.pending,
      problems: this.sourceOutcomes.filter((outcome) => outcome.status.state !== 'complete'),
      onRetry: (sources) => this.retrySources(sources),
    });
  }

  private renderBackButton(): TemplateResult {
    return html`<button part="back-button" class="button back-button" type="button" @click=${() => this.showHistory()}>
      <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${BACK_ICON}</svg>
      <span>${this.localize.term('historyBack')}</span>
    </button>`;
  }

  private renderPreview(selected: Study | undefined): TemplateResult {
    return html`<studyline-study-preview
      part="preview"
      class="preview"
      theme=${this.theme}
      .study=${selected}
      .adapter=${this.adapter}
      .studies=${this.singleStudy ? undefined : this.navigableStudies()}
      .terminology=${this.terminology}
      ?single-study=${this.singleStudy}
    ></studyline-study-preview>`;
  }

  /**
   * Renders the import and download buttons of the selected study, and the
   * hidden buttons of other studies whose transfer started, so that those
   * transfers go on.
   */
  private renderActions(selected: Study | undefined): TemplateResult {
    const uids = [...this.transfers.keys()];
    const selectedUid = selected?.studyInstanceUid;
    if (selectedUid !== undefined && !uids.includes(selectedUid)) uids.push(selectedUid);
    const current = selectedUid === undefined ? undefined : this.actionsFor(selectedUid);
    const visible = current !== undefined && (current.importSource !== undefined || current.downloadSource !== undefined);
    return html`
      <div part="actions" class="actions" ?hidden=${!visible}>
        ${repeat(
          uids,
          (uid) => uid,
          (uid) => this.renderStudyActions(uid, uid === selectedUid),
        )}
      </div>
    `;
  }

  private renderStudyActions(uid: string, shown: boolean): TemplateResult | typeof nothing {
    const actions = this.actionsFor(uid);
    if (actions === undefined) return nothing;
    const { study, importSource, downloadSource } = actions;
    return html`<div class="study-actions" data-study-uid=${uid} ?hidden=${!shown}>
      ${importSource === undefined
        ? nothing
        : html`<studyline-import-button
            part="import-button"
            class="import-button"
            theme=${this.theme}
            .study=${study}
            .source=${importSource}
            .target=${this.importTarget}
          ></studyline-import-button>`}
      ${downloadSource === undefined
        ? nothing
        : html`<studyline-download-button
            part="download-button"
            class="download-button"
            theme=${this.theme}
            .study=${study}
            .source=${downloadSource}
          ></studyline-download-button>`}
    </div>`;
  }

  /**
   * Decides which buttons a study gets. The Import button needs
   * `importTarget`, and shows for a study that no local archive has and an
   * external source with its own adapter has. It also stays for any study
   * whose import started here, so that its outcome stays. The Download button
   * shows while `allow-download` is set.
   */
  private actionsFor(uid: string): StudyActions | undefined {
    const adapter = this.adapter;
    const transfers = this.transfers.get(uid);
    const study = this.studies.find((candidate) => candidate.studyInstanceUid === uid) ?? transfers?.study;
    if (study === undefined || adapter === undefined || adapter === null) return undefined;

    let importSource: StudylineAdapter | undefined;
    if (this.importTarget !== undefined && this.importTarget !== null) {
      importSource = transfers?.importSource;
      if (importSource === undefined && !isHeldLocally(study, this.importTarget)) importSource = importSourceAdapter(study, adapter);
    }
    let downloadSource: StudylineAdapter | undefined;
    if (this.allowDownload) downloadSource = transfers?.downloadSource ?? downloadSourceAdapter(study, adapter);
    return { study, importSource, downloadSource };
  }

  // ---------------------------------------------------------------------------------------------
  // Events of the parts

  /**
   * Follows a study chosen in the timeline, the list or the preview. The
   * choice applies after every listener has seen the event, so that a host
   * that cancels it keeps the current selection.
   */
  private readonly onStudySelect = (event: StudylineStudySelectEvent): void => {
    const uid = event.detail?.study?.studyInstanceUid;
    if (typeof uid !== 'string') return;
    const fromHistory = (event.target as Element | null)?.matches?.('studyline-timeline, studyline-study-list') ?? false;
    queueMicrotask(() => {
      if (event.defaultPrevented) return;
      this.selectedStudyUid = uid;
      if (fromHistory) void this.revealSelectedStudy();
    });
  };

  private readonly onFilterChange = (event: StudylineFilterChangeEvent): void => {
    const filter = event.detail?.filter;
    queueMicrotask(() => {
      if (!event.defaultPrevented) this.filter = filter;
    });
  };

  /** Searches again after the timeline's Retry, unless a listener cancelled one of the events of that press. */
  private readonly onSourceRetry = (event: StudylineSourceRetryEvent): void => {
    this.pendingRetries.push(event);
    if (this.pendingRetries.length > 1) return;
    queueMicrotask(() => {
      const events = this.pendingRetries;
      this.pendingRetries = [];
      if (events.length > 0 && !events.some((retry) => retry.defaultPrevented)) this.history.retry(events.map((retry) => retry.detail.source.id));
    });
  };

  private readonly onImportStart = (event: StudylineImportStartEvent): void => {
    const { study, source } = event.detail ?? {};
    queueMicrotask(() => {
      if (event.defaultPrevented || study === undefined) return;
      this.rememberTransfer(study.studyInstanceUid, { importSource: source });
    });
  };

  private readonly onDownloadStart = (event: StudylineDownloadStartEvent): void => {
    const { study, source } = event.detail ?? {};
    queueMicrotask(() => {
      if (event.defaultPrevented || study === undefined) return;
      this.rememberTransfer(study.studyInstanceUid, { downloadSource: source });
    });
  };

  /** Searches again after a verified import, so that the study shows as one that the own archive has. */
  private readonly onImportComplete = (event: StudylineImportCompleteEvent): void => {
    if (event.detail?.outcome?.state === 'done') this.history.retry();
  };

  private readonly onHeaderSlotChange = (event: Event): void => {
    const slot = event.target as HTMLSlotElement;
    this.hasHeader = slot.assignedNodes({ flatten: true }).some((node) => node.nodeType === Node.ELEMENT_NODE || node.textContent?.trim());
  };

  private rememberTransfer(uid: string, adapters: Pick<StudyTransfers, 'importSource' | 'downloadSource'>): void {
    const study = this.studies.find((candidate) => candidate.studyInstanceUid === uid) ?? this.transfers.get(uid)?.study;
    if (study === undefined) return;
    const previous = this.transfers.get(uid);
    this.transfers.set(uid, {
      study,
      importSource: adapters.importSource ?? previous?.importSource,
      downloadSource: adapters.downloadSource ?? previous?.downloadSource,
    });
    this.requestUpdate();
  }

  // ---------------------------------------------------------------------------------------------
  // User actions

  private changeView(view: PatientHistoryView): void {
    if (view !== this.view) this.view = view;
  }

  private retrySources(sources: readonly SourceInfo[]): void {
    let cancelled = false;
    for (const source of sources) {
      if (!this.dispatchEvent(new StudylineSourceRetryEvent({ source }))) cancelled = true;
    }
    if (!cancelled) this.history.retry(sources.map((source) => source.id));
  }

  /**
   * Brings the newly selected study into view. The narrow layout opens the
   * study panel and focuses its back button, because the focused row is
   * hidden with the history. The stacked layout scrolls the preview into view.
   */
  private async revealSelectedStudy(): Promise<void> {
    if (this.singleStudy || this.layoutMode === 'wide') return;
    if (this.layoutMode === 'narrow') {
      this.studyOpen = true;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.back-button')?.focus();
      return;
    }
    await this.updateComplete;
    const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.renderRoot.querySelector('.detail')?.scrollIntoView({ block: 'nearest', behavior: reduceMotion ? 'auto' : 'smooth' });
  }

  /**
   * Focuses the selected study's mark or row after the history comes back,
   * else the history box. Both the timeline and the list mark that study
   * with `aria-current="true"`. The timeline lays out again in the frames
   * after it is shown, so this waits for the mark to appear.
   */
  private async focusSelectedInHistory(): Promise<void> {
    await this.updateComplete;
    const box = this.renderRoot.querySelector<HTMLElement>('.history');
    for (let frame = 0; frame < FOCUS_RETRY_FRAMES; frame++) {
      const view = box?.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>('studyline-timeline, studyline-study-list');
      await view?.updateComplete;
      const current = view?.shadowRoot?.querySelector<HTMLElement>('[aria-current="true"]');
      const target = current?.matches('button') ? current : current?.querySelector<HTMLElement>('button');
      if (target !== null && target !== undefined && target.getClientRects().length > 0) {
        target.focus();
        return;
      }
      if (this.selectedStudyUid === undefined) break;
      await nextFrame();
    }
    box?.focus();
  }
}
