import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  downloadStudy,
  estimateStudySize,
  isAbortError,
  isValidUid,
  warnOnce,
  writeStudyZip,
  type DownloadMissingInstance,
  type DownloadOutcome,
  type DownloadProgress,
  type DownloadSummary,
  type Study,
  type StudyLocator,
  type StudySizeEstimate,
  type StudylineAdapter,
} from '@studyline/core';
import { controlStyles } from '../shared/controls.styles.js';
import { setCustomState } from '../shared/custom-states.js';
import { FocusAfterRender } from '../shared/focus-after-render.js';
import { LiveAnnouncer } from '../shared/live-announcer.js';
import { LocalizeController, type TextKey } from '../shared/localize.js';
import { checkedTheme, themeStyles, type StudylineTheme } from '../shared/theme.js';
import { errorMessage, renderMissing, renderResult, renderTechnicalDetails } from '../shared/transfer-outcome.js';
import { OUTCOME_ICONS, formatBytes, formatSeconds, renderProgress } from '../shared/transfer-progress.js';
import { TransferRunController } from '../shared/transfer-run.js';
import { transferStyles } from '../shared/transfer.styles.js';
import {
  StudylineDownloadCompleteEvent,
  StudylineDownloadProgressEvent,
  StudylineDownloadStartEvent,
  type DownloadSaveMethod,
} from './download-events.js';
import { downloadButtonStyles } from './download-button.styles.js';
import { localizedReadme } from './readme.js';
import { hasFilePicker, pickSaveFile, saveBlob, type PickedFile } from './save-file.js';

const SAVE_METHODS: readonly DownloadButtonSaveMethod[] = ['auto', 'file-picker', 'blob'];
const OUTCOME_TITLES: Readonly<Record<DownloadOutcome['state'], TextKey>> = {
  done: 'downloadDoneTitle',
  partial: 'downloadPartialTitle',
  failed: 'downloadFailedTitle',
};

/** Value of the `save-method` attribute. `auto` uses the save dialog where the browser has one, else a Blob. */
export type DownloadButtonSaveMethod = 'auto' | DownloadSaveMethod;

/** State of the element. */
export type DownloadButtonState = 'idle' | 'confirm' | 'downloading' | 'done' | 'partial' | 'failed' | 'cancelled';

/** The size estimate shown in the confirmation. */
type SizeState = { status: 'pending' } | { status: 'known'; estimate: StudySizeEstimate } | { status: 'unknown' };

/** Returns the suggested file name, as `downloadStudy` names it. */
function zipFileName(study: StudyLocator): string {
  return isValidUid(study.studyInstanceUid) ? `study-${study.studyInstanceUid}.zip` : 'study.zip';
}

/** Makes the outcome of a download that ended before `downloadStudy` ran, such as after a closed save dialog. */
function outcomeBeforeStart(cancelled: boolean, reason: string): DownloadOutcome {
  return { state: 'failed', expected: 0, instances: 0, bytes: 0, zipBytes: 0, missing: [], warnings: [], cancelled, reason };
}

/**
 * A button that downloads one study as a zip of DICOM Part 10 files, for a
 * patient or clinician who wants the images themselves.
 *
 * A press first shows the size estimate (from the study's metadata, or
 * "size unknown") and a warning that the files need a DICOM viewer. The
 * download then streams the zip from `downloadStudy` in `@studyline/core`.
 * Where the browser has `showSaveFilePicker`, the zip goes straight into
 * the file chosen in the save dialog, so nothing is buffered. Elsewhere it
 * becomes a Blob that the browser saves from an object URL. Every request
 * goes through the adapter and so through its auth hook, and the object URL
 * is a `blob:` URL without any token.
 *
 * A change of `study` or `source` during a download cancels it, and so
 * does removing the element from the document.
 *
 * The class does not register itself. Import
 * `@studyline/elements/download-button/define.js` for the
 * `studyline-download-button` tag.
 *
 * @summary Downloads a study as a zip of DICOM files, with the size and a DICOM viewer warning first.
 *
 * @event {StudylineDownloadStartEvent} studyline-download-start - A download is about to start. Cancelable: `preventDefault()` stops it before the save dialog and any request.
 * @event {StudylineDownloadProgressEvent} studyline-download-progress - The download moved on. `detail.progress` has the phase, counts and any Retry-After wait.
 * @event {StudylineDownloadCompleteEvent} studyline-download-complete - The download ended. `detail.outcome` is `done`, `partial` (with the missing instances) or `failed`, and says whether it was cancelled.
 *
 * @slot label - Replaces the text of the "Download as DICOM" button.
 *
 * @csspart base - The wrapper around everything.
 * @csspart button - Every button.
 * @csspart start-button - The "Download as DICOM" button.
 * @csspart confirm - The panel with the size and the DICOM viewer warning.
 * @csspart size - The size estimate.
 * @csspart viewer-warning - The warning that the files need a DICOM viewer.
 * @csspart confirm-button - The button in the panel that starts the download.
 * @csspart cancel-button - The button that closes the panel, or cancels a running download.
 * @csspart retry-button - The button that downloads again after a failure.
 * @csspart progress - The block with phase, bar, counts and Cancel button.
 * @csspart phase - The line that says what the download does now.
 * @csspart progress-bar - The `<progress>` element: determinate once the number of files is known.
 * @csspart counts - Files and bytes downloaded.
 * @csspart waiting - The note about a Retry-After wait.
 * @csspart result - The outcome panel.
 * @csspart missing - The disclosure with the missing files.
 *
 * @cssprop --studyline-color-surface - Background of the panels and the progress block.
 * @cssprop --studyline-color-surface-raised - Background of buttons.
 * @cssprop --studyline-color-text - Main text colour.
 * @cssprop --studyline-color-text-muted - Notes and disabled buttons.
 * @cssprop --studyline-color-border - Borders of buttons.
 * @cssprop --studyline-color-grid - Borders of panels.
 * @cssprop --studyline-color-accent - The main buttons, the progress bar and the done panel's border.
 * @cssprop --studyline-color-accent-surface - Background of the done panel.
 * @cssprop --studyline-color-focus-ring - Keyboard focus outline.
 * @cssprop --studyline-color-warning-surface - Background of the viewer warning, the partial panel and the Retry-After note.
 * @cssprop --studyline-color-warning-text - Text of the viewer warning, the partial panel and the Retry-After note.
 * @cssprop --studyline-color-danger-surface - Background of the failed panel.
 * @cssprop --studyline-color-danger-text - Text of the failed panel.
 * @cssprop --studyline-progress-height - Height of the progress bar; 8px by default.
 * @cssprop --studyline-radius - Corner radius of buttons and panels.
 * @cssprop --studyline-font-size - Base font size.
 * @cssprop --studyline-font-family - Font family; a system sans-serif by default.
 *
 * @cssstate confirm - The size and the viewer warning are shown, before the start.
 * @cssstate downloading - A download is running.
 * @cssstate waiting - The download waits out a 503 `Retry-After`.
 * @cssstate done - The last download saved a complete zip.
 * @cssstate partial - The last download saved a zip that lacks some instances.
 * @cssstate failed - The last download saved no file.
 * @cssstate cancelled - The user cancelled the last download or closed the save dialog.
 */
export class StudylineDownloadButton extends LitElement {
  static override styles = [themeStyles, controlStyles, transferStyles, downloadButtonStyles];

  /** The study to download. Property only. */
  @property({ attribute: false })
  study: Study | StudyLocator | undefined;

  /** The adapter of the archive that contains the study. Property only. */
  @property({ attribute: false })
  source: StudylineAdapter | undefined;

  /**
   * Destination of the zip: `file-picker` (the browser's save dialog, streamed),
   * `blob` (built in memory, then saved through an object URL), or `auto`:
   * the save dialog where the browser has `showSaveFilePicker`, else a Blob.
   * When the save dialog is not allowed, as in a cross-origin frame, the
   * download falls back to a Blob.
   */
  @property({ attribute: 'save-method', reflect: true })
  saveMethod: DownloadButtonSaveMethod = 'auto';

  /** Colour theme: `light`, `dark`, or `auto` to follow the operating system. */
  @property({ reflect: true })
  theme: StudylineTheme = 'light';

  @state() private view: 'idle' | 'confirm' | 'downloading' | 'result' = 'idle';
  @state() private size: SizeState = { status: 'pending' };
  @state() private savedFileName = '';
  @state() private savedMethod: DownloadSaveMethod = 'blob';

  private readonly localize = new LocalizeController(this);
  private readonly transfer = new TransferRunController<DownloadProgress, DownloadOutcome>(this);
  private readonly announcer = new LiveAnnouncer(this);
  /** Moves focus from a control that the next render removes to the one that replaces it. */
  private readonly focusAfterRender = new FocusAfterRender(this);
  private readonly internals: ElementInternals;
  private estimateController: AbortController | undefined;

  constructor() {
    super();
    this.internals = this.attachInternals();
  }

  /** The element's current state. */
  get state(): DownloadButtonState {
    const outcome = this.transfer.outcome;
    if (this.view === 'result' && outcome !== undefined) return outcome.cancelled ? 'cancelled' : outcome.state;
    if (this.view === 'result') return 'idle';
    return this.view;
  }

  /** The latest progress of the running or last download. */
  get progress(): DownloadProgress | undefined {
    return this.transfer.progress;
  }

  /** The outcome of the last download, until `study` or `source` changes. */
  get outcome(): DownloadOutcome | undefined {
    return this.transfer.outcome;
  }

  /** The size estimate of the confirmation, once known. */
  get estimate(): StudySizeEstimate | undefined {
    return this.size.status === 'known' ? this.size.estimate : undefined;
  }

  /** Shows the size estimate and the DICOM viewer warning, as a press on the button does. */
  showConfirmation(): void {
    if (this.study === undefined || this.source === undefined || this.transfer.running) return;
    this.focusAfterRender.request('[part~="confirm-button"]');
    this.view = 'confirm';
    this.estimateSize(this.study, this.source);
  }

  /**
   * Starts the download, as the confirmation's Download button does,
   * including the cancelable start event. Call it from a click handler: the
   * save dialog needs the click's user activation. Resolves with the
   * outcome, or with undefined when nothing started: a download is running,
   * an input is missing, or the start event was cancelled.
   */
  start(): Promise<DownloadOutcome | undefined> {
    const { study, source } = this;
    if (this.transfer.running || study === undefined) return Promise.resolve(undefined);
    if (source === undefined) {
      warnOnce('studyline-download-button needs a source adapter before it can download.');
      return Promise.resolve(undefined);
    }
    const fileName = zipFileName(study);
    const method = this.chooseMethod();
    const estimatedBytes = this.estimate?.bytes;
    if (!this.dispatchEvent(new StudylineDownloadStartEvent({ study, source, fileName, method, ...(estimatedBytes === undefined ? {} : { estimatedBytes }) }))) {
      this.closeConfirmation();
      return Promise.resolve(undefined);
    }

    // The save dialog opens here, before any await, while the click's user activation lasts.
    const picked = method === 'file-picker' ? pickSaveFile(fileName) : undefined;
    picked?.catch(() => undefined);
    this.estimateController?.abort();
    const controller = this.transfer.begin();
    this.focusAfterRender.request('[part~="progress"] [part~="cancel-button"]');
    this.view = 'downloading';
    this.announcer.announce(this.localize.term('downloadStarted'));
    return this.run(controller, study, source, fileName, method, picked, estimatedBytes);
  }

  /** Cancels the running download. Nothing is saved. */
  cancel(): void {
    this.transfer.abort(new DOMException('The user cancelled the download.', 'AbortError'));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancel();
    this.estimateController?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('theme')) this.theme = checkedTheme(this.theme, 'studyline-download-button');
    if (changed.has('saveMethod') && !SAVE_METHODS.includes(this.saveMethod)) {
      warnOnce('Unknown save-method value on studyline-download-button; use "auto", "file-picker" or "blob". Using "auto".');
      this.saveMethod = 'auto';
    }
    const studyChanged = changed.has('study') && changed.get('study')?.studyInstanceUid !== this.study?.studyInstanceUid;
    const sourceChanged = changed.has('source') && changed.get('source') !== undefined;
    if (studyChanged || sourceChanged) this.resetForNewInput();
    this.updateCustomStates();
  }

  protected override render(): TemplateResult {
    return html`
      <div part="base" class="base">
        ${this.renderContent()} ${this.announcer.render()}
      </div>
    `;
  }

  private renderContent(): TemplateResult | typeof nothing {
    if (this.study === undefined) return nothing;
    switch (this.view) {
      case 'confirm':
        return this.renderConfirmation();
      case 'downloading':
        return this.renderDownloading();
      case 'result':
        return this.transfer.outcome === undefined ? this.renderStartButton() : this.renderOutcome(this.transfer.outcome);
      default:
        return this.renderStartButton();
    }
  }

  private renderStartButton(): TemplateResult {
    return html`
      <button part="button start-button" class="button primary start" type="button" ?disabled=${this.source === undefined} @click=${this.onShowConfirmation}>
        <slot name="label">${this.localize.term('downloadButton')}</slot>
      </button>
    `;
  }

  // ---------------------------------------------------------------------------------------------
  // Confirmation

  private renderConfirmation(): TemplateResult {
    return html`
      <div part="confirm" class="panel" role="group" aria-labelledby="confirm-title" @keydown=${this.onConfirmationKeydown}>
        <p class="result-title" id="confirm-title">${this.localize.term('downloadConfirmTitle')}</p>
        <p part="size" class="size" id="size">${this.sizeText()}</p>
        <p part="viewer-warning" class="viewer-warning" id="viewer-warning">${this.localize.term('downloadViewerWarning')}</p>
        <div class="actions">
          <button part="button confirm-button" class="button primary" type="button" aria-describedby="size viewer-warning" @click=${this.onStart}>
            ${this.localize.term('downloadStart')}
          </button>
          <button part="button cancel-button" class="button" type="button" @click=${this.onCloseConfirmation}>${this.localize.term('transferCancel')}</button>
        </div>
      </div>
    `;
  }

  private sizeText(): string {
    switch (this.size.status) {
      case 'pending':
        return this.localize.term('downloadSizeEstimating');
      case 'known':
        return this.localize.term('downloadSizeAbout', { size: formatBytes(this.localize, this.size.estimate.bytes) });
      default:
        return this.localize.term('downloadSizeUnknown');
    }
  }

  private estimateSize(study: StudyLocator, source: StudylineAdapter): void {
    this.estimateController?.abort();
    const controller = new AbortController();
    this.estimateController = controller;
    this.size = { status: 'pending' };
    estimateStudySize(source, study, { signal: controller.signal }).then(
      (estimate) => {
        if (this.estimateController !== controller) return;
        this.size = estimate === undefined || !(estimate.bytes > 0) ? { status: 'unknown' } : { status: 'known', estimate };
      },
      () => {
        // A failed estimate only makes the size unknown, because the download reports its own errors.
        if (this.estimateController === controller && !controller.signal.aborted) this.size = { status: 'unknown' };
      },
    );
  }

  private closeConfirmation(): void {
    this.estimateController?.abort();
    this.estimateController = undefined;
    this.focusAfterRender.request('[part~="start-button"]');
    this.view = this.transfer.outcome === undefined ? 'idle' : 'result';
  }

  private readonly onShowConfirmation = (): void => this.showConfirmation();
  private readonly onCloseConfirmation = (): void => this.closeConfirmation();
  private readonly onStart = (): void => {
    void this.start();
  };

  private readonly onConfirmationKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.closeConfirmation();
  };

  // ---------------------------------------------------------------------------------------------
  // Download

  private renderDownloading(): TemplateResult {
    const progress = this.transfer.progress;
    const source = this.sourceLabel();
    const phase = progress?.phase ?? 'listing';
    const phaseText =
      phase === 'listing'
        ? this.localize.term('downloadPhaseListing', { source })
        : phase === 'downloading'
          ? this.localize.term('downloadPhaseDownloading', { source })
          : this.localize.term('downloadPhaseFinishing');
    return renderProgress({
      localize: this.localize,
      label: this.localize.term('downloadProgressLabel'),
      phase: phaseText,
      progress,
      counts: this.countsText(progress),
      waiting: this.waitingText(progress),
      onCancel: () => this.cancel(),
    });
  }

  private countsText(progress: DownloadProgress | undefined): string {
    // While the source lists the study, counts of zero carry no information.
    if (progress === undefined || (progress.phase === 'listing' && progress.instances === 0)) return '';
    const files =
      progress.totalInstances === undefined
        ? this.localize.plural('downloadCountOpen', progress.instances)
        : this.localize.plural('downloadCount', progress.totalInstances, { done: this.localize.formatNumber(progress.instances) });
    return `${files} · ${formatBytes(this.localize, progress.zipBytes)}`;
  }

  private waitingText(progress: DownloadProgress | undefined): string | undefined {
    const seconds = this.transfer.waitingSeconds;
    if (progress?.waiting === undefined || seconds === undefined) return undefined;
    return this.localize.term('transferWaiting', { archive: this.sourceLabel(), seconds: formatSeconds(this.localize, seconds) });
  }

  private chooseMethod(): DownloadSaveMethod {
    if (this.saveMethod === 'blob') return 'blob';
    return hasFilePicker() ? 'file-picker' : 'blob';
  }

  private async run(
    controller: AbortController,
    study: StudyLocator,
    source: StudylineAdapter,
    suggestedName: string,
    requestedMethod: DownloadSaveMethod,
    picked: Promise<PickedFile> | undefined,
    estimatedBytes: number | undefined,
  ): Promise<DownloadOutcome> {
    let method = requestedMethod;
    let fileName = suggestedName;
    let outcome: DownloadOutcome | undefined;
    let file: PickedFile | undefined;
    if (picked !== undefined) {
      try {
        file = await picked;
        fileName = file.name;
      } catch (error) {
        if (isAbortError(error)) outcome = outcomeBeforeStart(true, 'The save dialog was closed without choosing a file.');
        // Any other error means the dialog is not allowed here, such as in a cross-origin frame: save a Blob instead.
        else method = 'blob';
      }
    }
    if (outcome === undefined && controller.signal.aborted) {
      await file?.writable.abort(controller.signal.reason).catch(() => undefined);
      outcome = outcomeBeforeStart(true, 'The download was cancelled before it started.');
    }

    if (outcome === undefined) {
      const options = {
        study,
        source,
        signal: controller.signal,
        estimatedBytes,
        onProgress: (progress: DownloadProgress) => this.onProgress(controller, study, progress),
        readme: (summary: DownloadSummary) => localizedReadme(this.localize, summary),
      };
      outcome = file === undefined ? await this.downloadToBlob(options, fileName) : await writeStudyZip(options, file.writable);
    }

    if (this.transfer.finish(controller, outcome)) {
      this.focusAfterRender.request('.result');
      this.view = 'result';
      this.savedFileName = fileName;
      this.savedMethod = method;
      this.announcer.announce(this.outcomeAnnouncement(outcome));
    }
    this.dispatchEvent(new StudylineDownloadCompleteEvent({ study, outcome, fileName, method }));
    return outcome;
  }

  /**
   * Builds the zip as a Blob and hands it to the browser's downloads. This
   * fallback keeps the whole zip in memory before the save starts, in
   * browsers without `showSaveFilePicker` such as Safari.
   */
  private async downloadToBlob(options: Parameters<typeof downloadStudy>[0], fileName: string): Promise<DownloadOutcome> {
    const download = downloadStudy(options);
    let blob: Blob | undefined;
    try {
      blob = await new Response(download.stream).blob();
    } catch {
      // The stream failed or was cancelled, and the outcome gives the reason.
    }
    const outcome = await download.result;
    if (blob !== undefined && outcome.state !== 'failed' && !outcome.cancelled) {
      try {
        saveBlob(blob, fileName, this.renderRoot);
      } catch (error) {
        return { ...outcome, state: 'failed', reason: `The browser did not save the zip: ${errorMessage(error)}` };
      }
    }
    return outcome;
  }

  private onProgress(controller: AbortController, study: StudyLocator, progress: DownloadProgress): void {
    if (!this.transfer.isCurrent(controller)) return;
    if (this.transfer.advance(progress) && progress.waiting !== undefined) {
      this.announcer.announce(
        this.localize.term('transferWaiting', { archive: this.sourceLabel(), seconds: formatSeconds(this.localize, progress.waiting.waitSeconds) }),
      );
    }
    this.dispatchEvent(new StudylineDownloadProgressEvent({ study, progress }));
  }

  // ---------------------------------------------------------------------------------------------
  // Outcome

  private renderOutcome(outcome: DownloadOutcome): TemplateResult {
    if (outcome.cancelled) {
      return renderResult('cancelled', this.localize.term('downloadCancelled'), html`<div class="actions">${this.renderAgainButton()}</div>`);
    }
    const title = html`${OUTCOME_ICONS[outcome.state]}<span>${this.localize.term(OUTCOME_TITLES[outcome.state])}</span>`;
    return renderResult(
      outcome.state,
      title,
      html`
        ${this.outcomeSentences(outcome).map((sentence) => html`<p>${sentence}</p>`)} ${this.renderMissing(outcome.missing)}
        ${renderTechnicalDetails(this.localize, outcome)}
        <div class="actions">
          ${outcome.state === 'failed'
            ? html`<button part="button retry-button" class="button" type="button" ?disabled=${this.source === undefined} @click=${this.onStart}>
                ${this.localize.term('retry')}
              </button>`
            : this.renderAgainButton()}
        </div>
      `,
    );
  }

  private renderAgainButton(): TemplateResult {
    return html`<button part="button start-button" class="button" type="button" ?disabled=${this.source === undefined} @click=${this.onShowConfirmation}>
      ${this.localize.term('downloadButton')}
    </button>`;
  }

  private outcomeSentences(outcome: DownloadOutcome): string[] {
    if (outcome.state === 'failed') return [this.localize.term('downloadFailedText')];
    const size = formatBytes(this.localize, outcome.zipBytes);
    const saved =
      this.savedMethod === 'file-picker'
        ? this.localize.term('downloadSaved', { fileName: this.savedFileName, size })
        : this.localize.term('downloadHandedToBrowser', { fileName: this.savedFileName, size });
    if (outcome.state === 'done') return [saved];
    return [saved, this.localize.plural('downloadPartialText', outcome.expected, { done: this.localize.formatNumber(outcome.instances) })];
  }

  private renderMissing(missing: readonly DownloadMissingInstance[]): TemplateResult | typeof nothing {
    return renderMissing(
      this.localize,
      this.localize.plural('downloadShowMissing', missing.length),
      missing,
      (instance) => html`<li class="uid" data-sop-instance-uid=${instance.sopInstanceUid}>${instance.sopInstanceUid}</li>`,
    );
  }

  private outcomeAnnouncement(outcome: DownloadOutcome): string {
    if (outcome.cancelled) return this.localize.term('downloadCancelled');
    return `${this.localize.term(OUTCOME_TITLES[outcome.state])}. ${this.outcomeSentences(outcome).join(' ')}`;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private resetForNewInput(): void {
    this.transfer.reset(new DOMException('The study or the source of the download changed.', 'AbortError'));
    this.estimateController?.abort();
    this.estimateController = undefined;
    this.view = 'idle';
    this.size = { status: 'pending' };
    this.announcer.clear();
  }

  private sourceLabel(): string {
    const label = this.source?.sources?.[0]?.label ?? (Array.isArray(this.study?.sources) ? this.study.sources[0]?.source?.label : undefined);
    return typeof label === 'string' && label.trim() !== '' ? label : this.localize.term('externalSource');
  }

  private updateCustomStates(): void {
    const current = this.state;
    for (const name of ['confirm', 'downloading', 'done', 'partial', 'failed', 'cancelled'] as const) {
      setCustomState(this.internals, name, current === name);
    }
    setCustomState(this.internals, 'waiting', current === 'downloading' && this.transfer.waitingSeconds !== undefined);
  }
}
