import { LitElement, html, nothing, svg, type PropertyValues, type SVGTemplateResult, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { createRef, ref } from 'lit/directives/ref.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { Task, TaskStatus } from '@lit/task';
import { defaultTerminology, warnOnce, type ReportReference, type Series, type Study, type StudylineAdapter, type Terminology } from '@studyline/core';
import { controlStyles } from '../shared/controls.styles.js';
import { setCustomState } from '../shared/custom-states.js';
import { StudylineStudySelectEvent } from '../shared/events.js';
import { LocalizeController } from '../shared/localize.js';
import { checkedTheme, modalityColor, themeStyles, type StudylineTheme } from '../shared/theme.js';
import { StudylineReportOpenEvent, StudylineSeriesOpenEvent } from './preview-events.js';
import {
  bodyPartText,
  imageCountText,
  requestErrorText,
  safeReportUrl,
  seriesDescriptionText,
  seriesKindText,
  seriesNumberText,
  seriesTitle,
  studyTitle,
} from './preview-text.js';
import { seriesKind, type SeriesKind } from './series-kind.js';
import { THUMBNAIL_CSS_SIZE, studyPreviewStyles } from './study-preview.styles.js';
import { ThumbnailController, studySourcesKey, type ThumbnailState } from './thumbnail-controller.js';
import { SeriesViewerController, type ViewerState } from './viewer-controller.js';
import { ReportReaderController, type ReportReaderState } from './report-reader.js';
import type { ReportNode } from './structured-report.js';

/** Largest thumbnail requested, in device pixels, whatever the device pixel ratio. */
const MAX_THUMBNAIL_PIXELS = 256;
/** Images moved by Page Up and Page Down in the viewer. */
const PAGE_STEP = 5;

/** Status of the series list. */
export type SeriesListStatus = 'idle' | 'loading' | 'complete' | 'error';

interface DragState {
  pointerId: number;
  x: number;
  y: number;
}

/** Icons, drawn on a 24 × 24 grid with the current text colour. */
const ICONS = {
  previous: svg`<path d="M15 18l-6-6 6-6" />`,
  next: svg`<path d="M9 6l6 6-6 6" />`,
  up: svg`<path d="M6 15l6-6 6 6" />`,
  down: svg`<path d="M6 9l6 6 6-6" />`,
  reset: svg`<path d="M4 12a8 8 0 1 0 2.4-5.7" /><path d="M4 4v4h4" />`,
  close: svg`<path d="M6 6l12 12M18 6L6 18" />`,
  retry: svg`<path d="M20 12a8 8 0 1 1-2.4-5.7" /><path d="M20 4v4h-4" />`,
  report: svg`<path d="M7 3h7l4 4v14H7z" /><path d="M10 11h6M10 15h6M10 7h3" />`,
  document: svg`<path d="M7 3h7l4 4v14H7z" /><path d="M14 3v4h4" />`,
  objects: svg`<rect x="4" y="4" width="7" height="7" /><rect x="13" y="4" width="7" height="7" /><rect x="4" y="13" width="7" height="7" /><path d="M13 16.5h7" />`,
  waveform: svg`<path d="M3 12h4l2-6 4 12 2-6h6" />`,
  image: svg`<rect x="4" y="4" width="16" height="16" rx="2" /><path d="M4 16l5-5 4 4 2-2 5 5" /><circle cx="15.5" cy="8.5" r="1.5" />`,
  broken: svg`<rect x="4" y="4" width="16" height="16" rx="2" /><path d="M4 15l4-4 3 3M14 13l2-2 4 4M9 9h.01" />`,
} as const;

const KIND_ICONS: Readonly<Record<Exclude<SeriesKind, 'image'>, SVGTemplateResult>> = {
  report: ICONS.report,
  'key-objects': ICONS.objects,
  'presentation-state': ICONS.objects,
  segmentation: ICONS.objects,
  radiotherapy: ICONS.objects,
  document: ICONS.document,
  waveform: ICONS.waveform,
  'other-object': ICONS.objects,
};

function icon(shape: SVGTemplateResult): TemplateResult {
  return html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${shape}</svg>`;
}

/** Renders a button that shows only an icon, with its label as accessible name and tooltip. */
function iconButton(shape: SVGTemplateResult, label: string, onClick: () => void, disabled = false): TemplateResult {
  return html`<button part="button" class="button" type="button" title=${label} ?disabled=${disabled} @click=${onClick}>
    ${icon(shape)}<span class="visually-hidden">${label}</span>
  </button>`;
}

/** Sorts studies newest first, undated last, for the newer and older study buttons. */
function byDateNewestFirst(studies: readonly Study[]): Study[] {
  return [...studies].sort((a, b) => (b.timestamp?.epochMs ?? -Infinity) - (a.timestamp?.epochMs ?? -Infinity));
}

/**
 * One study at a glance: its date, description, source, accession number,
 * modalities and reports, the list of its series with a thumbnail each, and
 * a Cornerstone3D stack viewer for the series a user opens.
 *
 * Give it a `study` and an `adapter`. It lists the series through the
 * adapter, requests thumbnails only for series on screen (at most six at a
 * time, at low priority, cached per adapter), and loads Cornerstone3D only
 * when a user opens a series. Every request goes through the adapter and so
 * through its auth hook.
 *
 * The class does not register itself. Import
 * `@studyline/elements/study-preview/define.js` for the
 * `studyline-study-preview` tag.
 *
 * @summary One study's details, series with thumbnails, and a stack viewer for an opened series.
 *
 * @event {StudylineSeriesOpenEvent} studyline-series-open - A user opened a series. Cancelable: `preventDefault()` keeps the viewer closed.
 * @event {StudylineStudySelectEvent} studyline-study-select - A user pressed "Newer study" or "Older study". Cancelable: `preventDefault()` keeps the current study. Never fired with `single-study`.
 * @event {StudylineReportOpenEvent} studyline-report-open - A user opened one of the study's reports. Cancelable: `preventDefault()` keeps the browser from following a link, and the preview from opening a DICOM SR as text.
 *
 * @slot header-end - Extra content at the end of the header, such as the host's own actions.
 * @slot empty - Replaces the "No study selected" message.
 *
 * @csspart base - The wrapper around everything.
 * @csspart header - The study's title, facts and reports.
 * @csspart title - The study's description.
 * @csspart facts - The list of date, source, institution, accession number and modalities.
 * @csspart source-badge - The badge that shows whether the source is the own archive or external.
 * @csspart modality - A modality code.
 * @csspart reports - The report links.
 * @csspart study-navigation - The newer and older study buttons.
 * @csspart button - Every button of the header and the viewer.
 * @csspart series-list - The list of series.
 * @csspart series - One series' row.
 * @csspart series-button - The button that opens a series.
 * @csspart thumbnail - The thumbnail box of a series, or its icon.
 * @csspart retry-button - The button that loads a failed thumbnail or series list again.
 * @csspart message - The loading, empty and error messages.
 * @csspart viewer - The stack viewer of the opened series.
 * @csspart report - The text of an opened DICOM SR series, in place of the viewer.
 * @csspart viewer-toolbar - The viewer's buttons and image slider.
 * @csspart image-slider - The slider that picks an image.
 * @csspart viewport - The area Cornerstone3D draws into.
 * @csspart viewer-status - The line under the viewer with position, window and level, and loading notes.
 *
 * @cssprop --studyline-color-background - Background of the element.
 * @cssprop --studyline-color-surface - Background of series rows, the viewer and messages.
 * @cssprop --studyline-color-surface-raised - Background of buttons.
 * @cssprop --studyline-color-text - Main text colour.
 * @cssprop --studyline-color-text-muted - Secondary text.
 * @cssprop --studyline-color-border - Borders of controls.
 * @cssprop --studyline-color-grid - Borders of rows and panels.
 * @cssprop --studyline-color-accent - The opened series and links.
 * @cssprop --studyline-color-accent-surface - Background of the opened series.
 * @cssprop --studyline-color-focus-ring - Keyboard focus outline.
 * @cssprop --studyline-color-mark-text - Text on modality codes.
 * @cssprop --studyline-color-skeleton - Loading placeholders.
 * @cssprop --studyline-color-warning-surface - Background of the "external" badge.
 * @cssprop --studyline-color-warning-text - Text of the "external" badge.
 * @cssprop --studyline-color-danger-surface - Background of error messages.
 * @cssprop --studyline-color-danger-text - Text of error messages.
 * @cssprop --studyline-modality-ct - Colour of CT codes. Likewise `-mr`, `-cr`, `-dx`, `-us`, `-mg`, `-nm`, `-pt`, `-xa`, `-sr`, `-doc` and `-other`.
 * @cssprop --studyline-radius - Corner radius of controls and panels.
 * @cssprop --studyline-font-size - Base font size.
 * @cssprop --studyline-font-family - Font family; a system sans-serif by default.
 *
 * @cssstate loading - The series list is loading.
 * @cssstate error - The series list could not be loaded.
 * @cssstate empty - There is no study, or the study has no series.
 * @cssstate viewer-open - A series is open in the viewer.
 * @cssstate single-study - The `single-study` attribute is set.
 */
export class StudylineStudyPreview extends LitElement {
  static override styles = [themeStyles, controlStyles, studyPreviewStyles];

  /** The study to show. Property only. */
  @property({ attribute: false })
  study: Study | undefined;

  /** The adapter that lists the series and fetches thumbnails and images. Property only. */
  @property({ attribute: false })
  adapter: StudylineAdapter | undefined;

  /**
   * Studies to move between with the "Newer study" and "Older study"
   * buttons, such as the timeline's. Without it, or with `single-study`, the
   * buttons are not shown. Property only.
   */
  @property({ attribute: false })
  studies: Study[] | undefined;

  /**
   * Shows one study only, as in a patient portal: no buttons or events lead
   * to another study, even when `studies` is set.
   */
  @property({ type: Boolean, attribute: 'single-study', reflect: true })
  singleStudy = false;

  /** Colour theme: `light`, `dark`, or `auto` to follow the operating system. */
  @property({ reflect: true })
  theme: StudylineTheme = 'light';

  /** Accessible name of the preview. Defaults to "Study preview" in the element's language. */
  @property()
  label: string | undefined;

  /**
   * The terminology that names the body region of each series' BodyPartExamined
   * value, such as "Chest" or "Thorax" for `CHEST`, and distinguishes image series
   * from reports and other objects by their modality; the built-in one by default.
   * Property only.
   */
  @property({ attribute: false })
  terminology: Terminology | undefined;

  @state() private focusedSeriesUid: string | undefined;

  private readonly localize = new LocalizeController(this);
  private readonly thumbnails = new ThumbnailController(this);
  private readonly reportReader = new ReportReaderController(this);
  private readonly viewer = new SeriesViewerController(this, {
    viewportElement: () => this.viewportRef.value,
  });
  private readonly viewportRef = createRef<HTMLDivElement>();
  private readonly internals: ElementInternals;
  private drag: DragState | undefined;

  /** The adapter and study that the series task last started for. */
  private seriesRequest: { adapter: StudylineAdapter | undefined; studyInstanceUid: string | undefined } | undefined;

  private readonly seriesTask = new Task(this, {
    // The sources are part of the key: after an import the own archive lists the series with all their details.
    args: () => [this.adapter, this.study?.studyInstanceUid, studySourcesKey(this.study)] as const,
    task: async ([adapter, studyInstanceUid], { signal }) => {
      this.seriesRequest = { adapter, studyInstanceUid };
      const study = this.study;
      if (adapter === undefined || study === undefined || studyInstanceUid === undefined) return undefined;
      return adapter.listSeries(study, { signal });
    },
  });

  constructor() {
    super();
    this.internals = this.attachInternals();
  }

  /** Status of the series list: `idle` without a study or adapter. */
  get seriesStatus(): SeriesListStatus {
    if (this.adapter === undefined || this.study === undefined) return 'idle';
    // Between a new study or adapter and the next update, the task still has the previous result.
    const request = this.seriesRequest;
    if (request?.adapter !== this.adapter || request.studyInstanceUid !== this.study.studyInstanceUid) return 'loading';
    switch (this.seriesTask.status) {
      case TaskStatus.PENDING:
        return 'loading';
      case TaskStatus.COMPLETE:
        return 'complete';
      case TaskStatus.ERROR:
        return 'error';
      default:
        return 'loading';
    }
  }

  /** The study's series once listed, sorted by series number. */
  get series(): readonly Series[] {
    return this.seriesStatus === 'complete' ? (this.seriesTask.value ?? []) : [];
  }

  /** The viewer's state: `closed`, or the opened series with the images so far. */
  get viewerState(): ViewerState {
    return this.viewer.state;
  }

  /** The report reader's state: `closed`, or the opened SR series with the documents read so far. */
  get reportState(): ReportReaderState {
    return this.reportReader.state;
  }

  /**
   * Opens a series in the viewer, as a click on it does, including the
   * cancelable `studyline-series-open` event. Returns false when the series
   * is unknown or the event was cancelled.
   */
  openSeries(seriesInstanceUid: string): boolean {
    const series = this.series.find((candidate) => candidate.seriesInstanceUid === seriesInstanceUid);
    if (series === undefined || this.study === undefined || this.adapter === undefined) return false;
    const event = new StudylineSeriesOpenEvent({ study: this.study, series });
    if (!this.dispatchEvent(event)) return false;
    this.focusedSeriesUid = series.seriesInstanceUid;
    const kind = seriesKind(series, this.currentTerminology());
    this.reportReader.close();
    if (kind === 'image') {
      void this.viewer.open(this.adapter, this.study, series);
    } else if (kind === 'report') {
      this.viewer.close();
      void this.reportReader.open(this.adapter, this.study, series);
    } else {
      this.viewer.showWithoutImages(series);
    }
    return true;
  }

  /** Closes the viewer. */
  closeViewer(): void {
    const open = this.viewer.state.series?.seriesInstanceUid ?? this.reportReader.state.series?.seriesInstanceUid;
    this.viewer.close();
    this.reportReader.close();
    if (open === undefined) return;
    void this.updateComplete.then(() => this.seriesButton(open)?.focus());
  }

  /** Lists the series again, for example after a failure. */
  retry(): void {
    void this.seriesTask.run();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('theme')) this.theme = checkedTheme(this.theme, 'studyline-study-preview');
    const studyChanged =
      changed.has('adapter') || (changed.has('study') && changed.get('study')?.studyInstanceUid !== this.study?.studyInstanceUid);
    if (studyChanged) {
      this.viewer.close();
      this.reportReader.close();
      this.focusedSeriesUid = undefined;
    }
    if (this.study !== undefined && this.adapter === undefined) {
      warnOnce('studyline-study-preview has a study but no adapter, so it cannot list the series.');
    }
    this.thumbnails.setContext(
      this.adapter === undefined || this.study === undefined
        ? undefined
        : { adapter: this.adapter, study: this.study, size: this.thumbnailPixels() },
    );
  }

  protected override updated(): void {
    // After the update, because the series task changes its status between willUpdate and render.
    this.updateCustomStates();
  }

  protected override render(): TemplateResult {
    const study = this.study;
    return html`
      <section part="base" class="base" aria-label=${this.label ?? this.localize.term('previewLabel')}>
        ${study === undefined
          ? html`<slot name="empty"><p part="message" class="message">${this.localize.term('previewNoStudy')}</p></slot>`
          : html`${this.renderHeader(study)} ${this.renderBody(study)}`}
      </section>
    `;
  }

  // ---------------------------------------------------------------------------------------------
  // Header

  private renderHeader(study: Study): TemplateResult {
    const source = study.sources[0]?.source;
    const institution = typeof study.institution === 'string' ? study.institution.trim() : '';
    const accession = typeof study.accessionNumber === 'string' ? study.accessionNumber.trim() : '';
    const note = this.localize.precisionNote(study.timestamp);
    const date = this.localize.formatStudyDate(study.timestamp);
    return html`
      <header part="header" class="header">
        <div class="title-row">
          <h2 part="title" class="title">${studyTitle(this.localize, study)}</h2>
          ${this.renderStudyNavigation(study)}
          <slot name="header-end"></slot>
        </div>
        <dl part="facts" class="facts">
          <div class="fact">
            <dt>${this.localize.term('previewDate')}</dt>
            <dd>${note === '' ? date : `${date} (${note})`}</dd>
          </div>
          ${source === undefined
            ? nothing
            : html`<div class="fact">
                <dt>${this.localize.term('previewSource')}</dt>
                <dd>
                  ${source.label}
                  <span part="source-badge" class="badge ${source.kind === 'external' ? 'external' : 'internal'}"
                    >${this.localize.term(source.kind === 'external' ? 'externalSource' : 'internalSource')}</span
                  >
                </dd>
              </div>`}
          ${institution === '' || institution === source?.label
            ? nothing
            : html`<div class="fact">
                <dt>${this.localize.term('previewInstitution')}</dt>
                <dd>${institution}</dd>
              </div>`}
          ${accession === ''
            ? nothing
            : html`<div class="fact">
                <dt>${this.localize.term('previewAccessionNumber')}</dt>
                <dd>${accession}</dd>
              </div>`}
          <div class="fact">
            <dt>${this.localize.term('previewModalities')}</dt>
            <dd class="modalities">
              ${study.modalities.length === 0
                ? this.localize.term('unknownModality')
                : study.modalities.map((modality) => this.renderModality(modality))}
            </dd>
          </div>
        </dl>
        ${this.renderReports(study)}
      </header>
    `;
  }

  private renderModality(modality: string | undefined): TemplateResult {
    const text = modality === undefined || modality.trim() === '' ? '?' : modality;
    return html`<span part="modality" class="modality" style=${styleMap({ '--_sl-modality-color': modalityColor(modality) })}>${text}</span>`;
  }

  private renderStudyNavigation(study: Study): TemplateResult | typeof nothing {
    if (this.singleStudy || !Array.isArray(this.studies) || this.studies.length < 2) return nothing;
    const ordered = byDateNewestFirst(this.studies);
    const index = ordered.findIndex((candidate) => candidate.studyInstanceUid === study.studyInstanceUid);
    if (index === -1) return nothing;
    const newer = ordered[index - 1];
    const older = ordered[index + 1];
    return html`
      <div part="study-navigation" class="study-navigation" role="group" aria-label=${this.localize.term('previewStudyNavigation')}>
        ${iconButton(ICONS.up, this.localize.term('previewNewerStudy'), () => this.selectStudy(newer), newer === undefined)}
        ${iconButton(ICONS.down, this.localize.term('previewOlderStudy'), () => this.selectStudy(older), older === undefined)}
      </div>
    `;
  }

  private selectStudy(study: Study | undefined): void {
    if (study === undefined || this.singleStudy) return;
    if (!this.dispatchEvent(new StudylineStudySelectEvent({ study }))) return;
    this.study = study;
  }

  private renderReports(study: Study): TemplateResult | typeof nothing {
    const reports = Array.isArray(study.reports) ? [...study.reports] : [];
    // A source that does not announce its reports, such as an XDS-I.b manifest, still lists the SR series.
    if (!reports.some((report) => report?.kind === 'dicom-sr')) {
      const terminology = this.currentTerminology();
      const reportSeries = this.series.find((series) => seriesKind(series, terminology) === 'report');
      if (reportSeries !== undefined) reports.push({ kind: 'dicom-sr', seriesInstanceUid: reportSeries.seriesInstanceUid });
    }
    if (reports.length === 0) return nothing;
    return html`
      <div part="reports" class="reports">
        <span>${this.localize.term('previewReports')}:</span>
        ${reports.map((report) => {
          const title = typeof report.title === 'string' && report.title.trim() !== '' ? report.title : this.localize.term('previewReport');
          const url = safeReportUrl(report, document.baseURI);
          if (url !== undefined) {
            return html`<a class="report-link" href=${url} target="_blank" rel="noopener noreferrer" @click=${(event: Event) => this.openReport(event, study, report)}
              >${icon(ICONS.report)}${title}</a
            >`;
          }
          return html`<button class="report-link" type="button" @click=${(event: Event) => this.openReport(event, study, report)}>
            ${icon(ICONS.report)}${title}
          </button>`;
        })}
      </div>
    `;
  }

  /**
   * Fires `studyline-report-open`. Unless a listener cancels it, a link opens
   * in a new tab, and a DICOM SR without a link opens in the preview: its own
   * series, or else the study's first report series.
   */
  private openReport(event: Event, study: Study, report: ReportReference): void {
    if (!this.dispatchEvent(new StudylineReportOpenEvent({ study, report }))) {
      event.preventDefault();
      return;
    }
    if (report.kind !== 'dicom-sr' || safeReportUrl(report, document.baseURI) !== undefined) return;
    const terminology = this.currentTerminology();
    const series =
      this.series.find((candidate) => candidate.seriesInstanceUid === report.seriesInstanceUid) ??
      this.series.find((candidate) => seriesKind(candidate, terminology) === 'report');
    if (series !== undefined) this.openSeries(series.seriesInstanceUid);
  }

  // ---------------------------------------------------------------------------------------------
  // Series list

  private renderBody(study: Study): TemplateResult {
    const reading = this.reportReader.state.status !== 'closed';
    const viewing = reading || this.viewer.state.status !== 'closed';
    let panel: TemplateResult | typeof nothing = nothing;
    if (reading) panel = this.renderReport(this.reportReader.state);
    else if (viewing) panel = this.renderViewer(this.viewer.state);
    return html`
      <div class="body ${viewing ? 'viewing' : ''}">
        ${panel}
        <section class="series-section" aria-labelledby="series-heading">${this.renderSeries(study)}</section>
      </div>
    `;
  }

  private renderSeries(study: Study): TemplateResult {
    const status = this.seriesStatus;
    const heading = (count?: number): TemplateResult => html`
      <h3 id="series-heading" class="series-heading">
        ${this.localize.term('previewSeriesHeading')}
        ${count === undefined ? nothing : html`<span class="count">${this.localize.plural('previewSeriesCount', count)}</span>`}
      </h3>
    `;
    if (status === 'idle') return heading();
    if (status === 'loading') {
      const rows = Math.min(Math.max(study.numberOfSeries ?? 2, 1), 4);
      return html`${heading()}
        <p part="message" class="message" role="status">${this.localize.term('previewLoadingSeries')}</p>
        ${Array.from({ length: rows }, () => html`<div class="skeleton-row" aria-hidden="true"></div>`)}`;
    }
    if (status === 'error') {
      return html`${heading()}
        <div part="message" class="message error" role="alert">
          <span>${this.localize.term('previewSeriesFailed')} ${requestErrorText(this.localize, this.seriesTask.error)}</span>
          <button part="button retry-button" class="button" type="button" @click=${() => this.retry()}>
            ${icon(ICONS.retry)}${this.localize.term('retry')}
          </button>
        </div>`;
    }
    const series = this.series;
    if (series.length === 0) {
      return html`${heading(0)}
        <p part="message" class="message">${this.localize.term('previewNoSeries')}</p>`;
    }
    const focused = series.some((candidate) => candidate.seriesInstanceUid === this.focusedSeriesUid)
      ? this.focusedSeriesUid
      : series[0].seriesInstanceUid;
    return html`${heading(series.length)}
      <ul part="series-list" class="series-list" @keydown=${this.onSeriesKeydown}>
        ${repeat(
          series,
          (item) => item.seriesInstanceUid,
          (item) => this.renderSeriesRow(item, item.seriesInstanceUid === focused),
        )}
      </ul>`;
  }

  private renderSeriesRow(series: Series, tabStop: boolean): TemplateResult {
    const kind = seriesKind(series, this.currentTerminology());
    const thumbnail = kind === 'image' ? this.thumbnails.state(series.seriesInstanceUid) : undefined;
    const open = this.viewer.state.series?.seriesInstanceUid === series.seriesInstanceUid;
    const details = [bodyPartText(this.localize, this.currentTerminology(), series.bodyPart), imageCountText(this.localize, series, kind === 'image')].filter(
      (part) => part.trim() !== '',
    );
    const number = seriesNumberText(this.localize, series);
    return html`
      <li part="series" class="series-row">
        <button
          part="series-button"
          class="series-button"
          type="button"
          data-series-uid=${series.seriesInstanceUid}
          tabindex=${tabStop ? 0 : -1}
          aria-current=${open ? 'true' : 'false'}
          ${kind === 'image' ? ref((element) => this.thumbnails.observe(element)) : nothing}
          @click=${() => this.openSeries(series.seriesInstanceUid)}
          @focus=${() => {
            this.focusedSeriesUid = series.seriesInstanceUid;
          }}
        >
          ${this.renderThumbnail(kind, thumbnail)}
          <span class="series-text">
            <span class="series-title">${this.renderModality(series.modality)} <span>${seriesDescriptionText(this.localize, series)}</span></span>
            <span class="series-meta">${[number, ...details].filter((part) => part !== '').join(' · ')}</span>
            ${kind !== 'image' ? html`<span class="series-note">${seriesKindText(this.localize, kind)}</span>` : nothing}
            ${thumbnail?.status === 'error'
              ? html`<span class="series-note error">${this.localize.term('previewThumbnailFailed')} ${requestErrorText(this.localize, thumbnail.error)}</span>`
              : nothing}
          </span>
        </button>
        ${thumbnail?.status === 'error'
          ? html`<button
              part="button retry-button"
              class="button retry"
              type="button"
              title=${this.localize.term('retry')}
              @click=${() => this.thumbnails.retry(series.seriesInstanceUid)}
            >
              ${icon(ICONS.retry)}<span class="visually-hidden"
                >${this.localize.term('previewRetryThumbnail', { series: seriesTitle(this.localize, series) })}</span
              >
            </button>`
          : nothing}
      </li>
    `;
  }

  private renderThumbnail(kind: SeriesKind, state: ThumbnailState | undefined): TemplateResult {
    if (kind !== 'image') return html`<span part="thumbnail" class="thumbnail non-image">${icon(KIND_ICONS[kind])}</span>`;
    switch (state?.status) {
      case 'loaded':
        return html`<span part="thumbnail" class="thumbnail"><img src=${state.url} alt="" draggable="false" /></span>`;
      case 'error':
        return html`<span part="thumbnail" class="thumbnail error">${icon(ICONS.broken)}</span>`;
      case 'unavailable':
        return html`<span part="thumbnail" class="thumbnail non-image">${icon(ICONS.image)}</span>`;
      case 'loading':
        return html`<span part="thumbnail" class="thumbnail loading"
          ><span class="visually-hidden">${this.localize.term('previewThumbnailLoading')}</span></span
        >`;
      default:
        return html`<span part="thumbnail" class="thumbnail loading"></span>`;
    }
  }

  private onSeriesKeydown(event: KeyboardEvent): void {
    const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('.series-button')];
    const index = buttons.findIndex((button) => button === this.shadowRoot?.activeElement);
    if (index === -1) return;
    let target: number | undefined;
    if (event.key === 'ArrowDown') target = Math.min(buttons.length - 1, index + 1);
    else if (event.key === 'ArrowUp') target = Math.max(0, index - 1);
    else if (event.key === 'Home') target = 0;
    else if (event.key === 'End') target = buttons.length - 1;
    if (target === undefined) return;
    event.preventDefault();
    buttons[target].focus();
  }

  private seriesButton(seriesInstanceUid: string): HTMLButtonElement | null {
    return this.renderRoot.querySelector<HTMLButtonElement>(`.series-button[data-series-uid="${CSS.escape(seriesInstanceUid)}"]`);
  }

  // ---------------------------------------------------------------------------------------------
  // Viewer

  private renderReport(state: ReportReaderState): TemplateResult {
    const series = state.series as Series;
    const title = seriesTitle(this.localize, series);
    let body: TemplateResult;
    if (state.status === 'loading' && state.documents.length === 0) {
      body = html`<p class="report-message">${this.localize.term('previewReportLoading')}</p>`;
    } else if (state.status === 'error') {
      body = html`<p class="report-message problem" role="alert">${this.localize.term('previewReportFailed')} ${requestErrorText(this.localize, state.error)}</p>`;
    } else {
      body = html`${state.documents.map(
        (report) => html`<article class="report-document">
          ${report.title === undefined ? nothing : html`<h4 class="report-title">${report.title}</h4>`}
          ${this.renderReportFlags(report.completion, report.verification)}
          ${report.nodes.length === 0 ? html`<p class="report-message">${this.localize.term('previewReportEmpty')}</p>` : this.renderReportNodes(report.nodes)}
          ${report.truncated ? html`<p class="report-message problem">${this.localize.term('previewReportTruncated')}</p>` : nothing}
        </article>`,
      )}`;
    }
    const incomplete = state.incompleteReason !== undefined || state.unreadable > 0;
    return html`
      <section part="report" class="viewer report" aria-label=${this.localize.term('previewReportLabel', { series: title })}>
        <h3 class="viewer-title">${title}</h3>
        <div part="viewer-toolbar" class="viewer-toolbar">${iconButton(ICONS.close, this.localize.term('previewCloseViewer'), () => this.closeViewer())}</div>
        <div class="report-body" tabindex="0" aria-busy=${state.status === 'loading' ? 'true' : 'false'}>${body}</div>
        ${incomplete && state.status === 'ready' ? html`<p part="viewer-status" class="viewer-status"><span class="problem">${this.localize.term('previewReportIncomplete')}</span></p>` : nothing}
      </section>
    `;
  }

  private renderReportFlags(completion: string | undefined, verification: string | undefined): TemplateResult | typeof nothing {
    const flags: string[] = [];
    if (completion === 'COMPLETE') flags.push(this.localize.term('previewReportComplete'));
    if (completion === 'PARTIAL') flags.push(this.localize.term('previewReportPartial'));
    if (verification === 'VERIFIED') flags.push(this.localize.term('previewReportVerified'));
    if (verification === 'UNVERIFIED') flags.push(this.localize.term('previewReportUnverified'));
    return flags.length === 0 ? nothing : html`<p class="report-flags">${flags.join(' · ')}</p>`;
  }

  private renderReportNodes(nodes: readonly ReportNode[]): TemplateResult {
    return html`<ul class="report-items">
      ${nodes.map((node) => {
        let value = node.value;
        if (node.reference === true) value = this.localize.term('previewReportReference');
        else if (node.timestamp !== undefined) value = this.localize.formatStudyDate(node.timestamp);
        const line =
          node.valueType === 'CONTAINER'
            ? html`<span class="report-heading">${node.name ?? ''}</span>`
            : html`${node.name === undefined ? nothing : html`<span class="report-name">${node.name}</span>`}${node.name !== undefined && value !== undefined ? ': ' : ''}${value === undefined ? nothing : html`<span class="report-value">${value}</span>`}`;
        return html`<li>${line}${node.children.length > 0 ? this.renderReportNodes(node.children) : nothing}</li>`;
      })}
    </ul>`;
  }

  private renderViewer(state: ViewerState): TemplateResult {
    const series = state.series as Series;
    const title = seriesTitle(this.localize, series);
    const ready = state.status === 'ready' && state.imageCount > 0;
    const count = Math.max(state.imageCount, 1);
    const position = this.localize.term('previewImagePosition', {
      index: this.localize.formatNumber(state.index + 1),
      count: this.localize.formatNumber(state.imageCount),
    });
    return html`
      <section part="viewer" class="viewer" aria-label=${this.localize.term('previewViewerLabel', { series: title })}>
        <h3 class="viewer-title">${title}</h3>
        <div part="viewer-toolbar" class="viewer-toolbar">
          ${iconButton(ICONS.previous, this.localize.term('previewPreviousImage'), () => this.viewer.scroll(-1), !ready || state.index === 0)}
          <input
            part="image-slider"
            class="slider"
            type="range"
            min="1"
            max=${count}
            .value=${String(state.index + 1)}
            ?disabled=${!ready || state.imageCount < 2}
            aria-label=${this.localize.term('previewImage')}
            aria-valuetext=${position}
            @input=${(event: Event) => this.viewer.showImage(Number((event.target as HTMLInputElement).value) - 1)}
          />
          ${iconButton(
            ICONS.next,
            this.localize.term('previewNextImage'),
            () => this.viewer.scroll(1),
            !ready || state.index >= state.imageCount - 1,
          )}
          ${iconButton(ICONS.reset, this.localize.term('previewResetView'), () => this.viewer.reset(), !ready)}
          ${iconButton(ICONS.close, this.localize.term('previewCloseViewer'), () => this.closeViewer())}
        </div>
        <div class="viewport-frame">
          <div
            ${ref(this.viewportRef)}
            part="viewport"
            class="viewport"
            tabindex="0"
            role="application"
            aria-roledescription=${this.localize.term('previewImage')}
            aria-label=${ready ? `${title}, ${position}` : title}
            aria-describedby="viewer-hint"
            @wheel=${this.onViewportWheel}
            @keydown=${this.onViewportKeydown}
            @pointerdown=${this.onViewportPointerDown}
            @pointermove=${this.onViewportPointerMove}
            @pointerup=${this.onViewportPointerUp}
            @pointercancel=${this.onViewportPointerUp}
          ></div>
          ${this.renderViewportOverlay(state)}
        </div>
        <p part="viewer-status" class="viewer-status" role="status">${this.renderViewerStatus(state, ready ? position : '')}</p>
        <div id="viewer-hint" hidden>${this.localize.term('previewViewerHint')}</div>
      </section>
    `;
  }

  private renderViewportOverlay(state: ViewerState): TemplateResult | typeof nothing {
    if (state.status === 'loading') return html`<div class="viewport-overlay">${this.localize.term('previewLoadingImages')}</div>`;
    if (state.status !== 'error') return nothing;
    let text: string;
    if (state.problem === 'no-images') {
      const kind = state.series === undefined ? 'image' : seriesKind(state.series, this.currentTerminology());
      text = kind === 'image' ? this.localize.term('previewNoImages') : this.localize.term('previewNotViewable', { kind: seriesKindText(this.localize, kind) });
    } else if (state.problem === 'viewer-failed') {
      text = this.localize.term('previewViewerUnavailable');
    } else {
      text = `${this.localize.term('previewViewerFailed')} ${requestErrorText(this.localize, state.error)}`;
    }
    return html`<div class="viewport-overlay" role="alert">${text}</div>`;
  }

  private renderViewerStatus(state: ViewerState, position: string): TemplateResult {
    const parts: TemplateResult[] = [];
    if (position !== '') parts.push(html`<span>${position}</span>`);
    if (state.windowLevel !== undefined && state.status === 'ready') {
      parts.push(
        html`<span
          >${this.localize.term('previewWindowLevel', {
            width: this.localize.formatNumber(Math.round(state.windowLevel.width)),
            center: this.localize.formatNumber(Math.round(state.windowLevel.center)),
          })}</span
        >`,
      );
    }
    if (state.streaming && state.expected !== undefined && state.status === 'ready') {
      parts.push(
        html`<span
          >${this.localize.term('previewImagesArriving', {
            received: this.localize.formatNumber(state.received),
            expected: this.localize.formatNumber(state.expected),
          })}</span
        >`,
      );
    }
    if (state.incompleteReason !== undefined && state.status === 'ready') {
      parts.push(html`<span class="problem">${this.localize.term('previewViewerIncomplete')}</span>`);
    }
    if (state.skipped > 0) parts.push(html`<span>${this.localize.plural('previewObjectsSkipped', state.skipped)}</span>`);
    if (state.failedImages > 0) parts.push(html`<span class="problem">${this.localize.plural('previewImagesFailed', state.failedImages)}</span>`);
    return html`${parts}`;
  }

  private onViewportWheel(event: WheelEvent): void {
    if (this.viewer.state.status !== 'ready' || event.deltaY === 0) return;
    event.preventDefault();
    this.viewer.scroll(event.deltaY > 0 ? 1 : -1);
  }

  private onViewportKeydown(event: KeyboardEvent): void {
    const state = this.viewer.state;
    if (event.key === 'Escape') {
      event.preventDefault();
      this.closeViewer();
      return;
    }
    if (state.status !== 'ready') return;
    const steps: Readonly<Record<string, number>> = {
      ArrowDown: 1,
      ArrowRight: 1,
      ArrowUp: -1,
      ArrowLeft: -1,
      PageDown: PAGE_STEP,
      PageUp: -PAGE_STEP,
    };
    if (event.key in steps) {
      event.preventDefault();
      this.viewer.scroll(steps[event.key]);
    } else if (event.key === 'Home') {
      event.preventDefault();
      this.viewer.showImage(0);
    } else if (event.key === 'End') {
      event.preventDefault();
      this.viewer.showImage(state.imageCount - 1);
    }
  }

  private onViewportPointerDown(event: PointerEvent): void {
    if (event.button !== 0 || this.viewer.state.status !== 'ready') return;
    const target = event.currentTarget as HTMLElement;
    target.setPointerCapture(event.pointerId);
    target.focus({ preventScroll: true });
    this.drag = { pointerId: event.pointerId, x: event.clientX, y: event.clientY };
  }

  private onViewportPointerMove(event: PointerEvent): void {
    const drag = this.drag;
    if (drag === undefined || drag.pointerId !== event.pointerId) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (dx === 0 && dy === 0) return;
    this.drag = { ...drag, x: event.clientX, y: event.clientY };
    this.viewer.adjustWindowLevel(dx, dy);
  }

  private onViewportPointerUp(event: PointerEvent): void {
    if (this.drag?.pointerId !== event.pointerId) return;
    this.drag = undefined;
    const target = event.currentTarget as HTMLElement;
    if (target.hasPointerCapture(event.pointerId)) target.releasePointerCapture(event.pointerId);
  }

  // ---------------------------------------------------------------------------------------------
  // State

  private currentTerminology(): Terminology {
    const terminology = this.terminology;
    if (terminology === undefined || terminology === null) return defaultTerminology();
    if (typeof terminology.resolveBodyPart !== 'function') {
      warnOnce('The `terminology` property of studyline-study-preview must be a Terminology from @studyline/core; it was ignored.');
      return defaultTerminology();
    }
    return terminology;
  }

  private thumbnailPixels(): number {
    const ratio = typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
    return Math.min(MAX_THUMBNAIL_PIXELS, Math.round(THUMBNAIL_CSS_SIZE * Math.min(ratio, 3)));
  }

  private updateCustomStates(): void {
    const status = this.seriesStatus;
    setCustomState(this.internals, 'loading', status === 'loading');
    setCustomState(this.internals, 'error', status === 'error');
    setCustomState(this.internals, 'empty', this.study === undefined || (status === 'complete' && this.series.length === 0));
    setCustomState(this.internals, 'viewer-open', this.viewer.state.status !== 'closed');
    setCustomState(this.internals, 'single-study', this.singleStudy);
  }
}
