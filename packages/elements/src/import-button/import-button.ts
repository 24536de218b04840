import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  importStudy,
  warnOnce,
  type ImportOutcome,
  type ImportProgress,
  type InstanceReference,
  type MissingInstance,
  type Study,
  type StudyLocator,
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
import { StudylineImportCompleteEvent, StudylineImportProgressEvent, StudylineImportStartEvent } from './import-events.js';
import { importButtonStyles } from './import-button.styles.js';

const OUTCOME_TITLES: Readonly<Record<ImportOutcome['state'], TextKey>> = {
  done: 'importDoneTitle',
  partial: 'importPartialTitle',
  failed: 'importFailedTitle',
};

/** State of the element: the Import button, a running import, one of the three outcomes, or the note that the study is local already. */
export type ImportButtonState = 'idle' | 'importing' | 'done' | 'partial' | 'failed' | 'available';

/** Returns the label of an adapter's first source, or undefined. */
function adapterLabel(adapter: StudylineAdapter | undefined): string | undefined {
  const label = adapter?.sources?.[0]?.label;
  return typeof label === 'string' && label.trim() !== '' ? label : undefined;
}

/**
 * A button that imports one study from another archive (the `source`
 * adapter) into the own PACS (the `target` adapter), with progress, Cancel,
 * and an outcome that lists the missing instances with their reasons.
 *
 * The import runs through `importStudy` from `@studyline/core`: instances
 * stream from the source's WADO-RS retrieve into STOW-RS store requests in
 * batches, so the study is never in memory as a whole. It counts as done
 * only when the target's own instance list contains every instance that
 * the source lists. A partial import offers a retry of just the missing
 * instances. Every request goes through the adapters and so through their
 * auth hooks.
 *
 * A study that an internal source or the target already has shows a note
 * in place of the button, and the `available` state, which a host can hide
 * with `studyline-import-button:state(available) { display: none }`. The
 * note trusts the study's sources: a study that an earlier import left
 * partial counts as local too, and `start()` imports it all the same.
 *
 * A change of `study`, `source` or `target` during an import cancels it,
 * and so does removing the element from the document.
 *
 * The class does not register itself. Import
 * `@studyline/elements/import-button/define.js` for the
 * `studyline-import-button` tag.
 *
 * @summary Imports an external study into the local PACS with progress, Cancel and a verified outcome.
 *
 * @event {StudylineImportStartEvent} studyline-import-start - An import is about to start, also for a retry (then `detail.only` lists the instances). Cancelable: `preventDefault()` stops it before any request.
 * @event {StudylineImportProgressEvent} studyline-import-progress - The import moved on. `detail.progress` has the phase, counts and any Retry-After wait.
 * @event {StudylineImportCompleteEvent} studyline-import-complete - The import ended. `detail.outcome` is `done`, `partial` or `failed`, with the missing instances.
 *
 * @slot label - Replaces the text of the Import button.
 *
 * @csspart base - The wrapper around everything.
 * @csspart button - Every button.
 * @csspart start-button - The Import button.
 * @csspart cancel-button - The Cancel button of a running import.
 * @csspart retry-button - The button that imports the missing instances, or the whole study again after a failure.
 * @csspart progress - The block with phase, bar, counts and Cancel button.
 * @csspart phase - The line that says what the import does now.
 * @csspart progress-bar - The `<progress>` element: determinate once the total is known.
 * @csspart counts - Instances and bytes transferred.
 * @csspart waiting - The note about a Retry-After wait.
 * @csspart result - The outcome panel.
 * @csspart missing - The disclosure with the missing instances.
 * @csspart available - The note shown in place of the button for a study that is local already.
 *
 * @cssprop --studyline-color-surface - Background of the progress block and panels.
 * @cssprop --studyline-color-surface-raised - Background of buttons.
 * @cssprop --studyline-color-text - Main text colour.
 * @cssprop --studyline-color-text-muted - Notes and disabled buttons.
 * @cssprop --studyline-color-border - Borders of buttons.
 * @cssprop --studyline-color-grid - Borders of panels.
 * @cssprop --studyline-color-accent - The Import button, the progress bar and the done panel's border.
 * @cssprop --studyline-color-accent-surface - Background of the done panel.
 * @cssprop --studyline-color-focus-ring - Keyboard focus outline.
 * @cssprop --studyline-color-warning-surface - Background of the partial panel and the Retry-After note.
 * @cssprop --studyline-color-warning-text - Text of the partial panel and the Retry-After note.
 * @cssprop --studyline-color-danger-surface - Background of the failed panel.
 * @cssprop --studyline-color-danger-text - Text of the failed panel.
 * @cssprop --studyline-progress-height - Height of the progress bar; 8px by default.
 * @cssprop --studyline-radius - Corner radius of buttons and panels.
 * @cssprop --studyline-font-size - Base font size.
 * @cssprop --studyline-font-family - Font family; a system sans-serif by default.
 *
 * @cssstate importing - An import is running.
 * @cssstate waiting - The import waits out a 503 `Retry-After`.
 * @cssstate done - The last import ended verified and complete.
 * @cssstate partial - The last import ended with instances missing, was cancelled, or could not be verified.
 * @cssstate failed - The last import stored nothing or could not list the study.
 * @cssstate available - The study is local already, so there is nothing to import.
 */
export class StudylineImportButton extends LitElement {
  static override styles = [themeStyles, controlStyles, transferStyles, importButtonStyles];

  /** The study to import. Property only. */
  @property({ attribute: false })
  study: Study | StudyLocator | undefined;

  /** The adapter of the archive that contains the study, such as another hospital's. Property only. */
  @property({ attribute: false })
  source: StudylineAdapter | undefined;

  /** The adapter of the own PACS, which stores the study. Property only. */
  @property({ attribute: false })
  target: StudylineAdapter | undefined;

  /** Maximum number of instances per store request. Unset means the default of `importStudy`, 50. Property only. */
  @property({ attribute: false })
  batchSize: number | undefined;

  /** Colour theme: `light`, `dark`, or `auto` to follow the operating system. */
  @property({ reflect: true })
  theme: StudylineTheme = 'light';

  @state() private view: 'idle' | 'importing' | 'result' = 'idle';

  private readonly localize = new LocalizeController(this);
  private readonly transfer = new TransferRunController<ImportProgress, ImportOutcome>(this);
  private readonly announcer = new LiveAnnouncer(this);
  /** Moves focus from a control that the next render removes to the one that replaces it. */
  private readonly focusAfterRender = new FocusAfterRender(this);
  private readonly internals: ElementInternals;
  /** Outcomes made here because `importStudy` rejected its options, so no request was sent. */
  private readonly unstartedOutcomes = new WeakSet<ImportOutcome>();

  constructor() {
    super();
    this.internals = this.attachInternals();
  }

  /** The element's current state. */
  get state(): ImportButtonState {
    if (this.view === 'importing') return 'importing';
    if (this.view === 'result' && this.transfer.outcome !== undefined) return this.transfer.outcome.state;
    return this.isAvailable() ? 'available' : 'idle';
  }

  /** The latest progress of the running or last import. */
  get progress(): ImportProgress | undefined {
    return this.transfer.progress;
  }

  /** The outcome of the last import, until `study`, `source` or `target` changes. */
  get outcome(): ImportOutcome | undefined {
    return this.transfer.outcome;
  }

  /**
   * Imports the whole study, as a press on the Import button does, including
   * the cancelable start event, also when the study counts as local. Resolves
   * with the outcome, or with undefined when nothing started: an import is
   * running, an input is missing, or the start event was cancelled.
   */
  start(): Promise<ImportOutcome | undefined> {
    return this.run(undefined);
  }

  /**
   * Imports again after a partial or failed outcome, as the element's retry
   * button does: after `partial` only the missing instances (an empty list
   * only verifies), after `failed` the whole study.
   */
  retry(): Promise<ImportOutcome | undefined> {
    const outcome = this.transfer.outcome;
    if (outcome === undefined || outcome.state === 'done') return Promise.resolve(undefined);
    return this.run(outcome.state === 'partial' ? outcome.missing : undefined);
  }

  /** Cancels the running import. It ends as `partial`, or as `failed` when nothing was stored yet. */
  cancel(): void {
    this.transfer.abort(new DOMException('The user cancelled the import.', 'AbortError'));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancel();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('theme')) this.theme = checkedTheme(this.theme, 'studyline-import-button');
    const studyChanged = changed.has('study') && changed.get('study')?.studyInstanceUid !== this.study?.studyInstanceUid;
    const adapterChanged = (changed.has('source') && changed.get('source') !== undefined) || (changed.has('target') && changed.get('target') !== undefined);
    if (studyChanged || adapterChanged) this.resetForNewInput();
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
    if (this.view === 'importing') return this.renderImporting();
    if (this.view === 'result' && this.transfer.outcome !== undefined) return this.renderOutcome(this.transfer.outcome);
    if (this.isAvailable()) {
      return html`<p part="available" class="available">
        ${OUTCOME_ICONS.done}${this.localize.term('importAvailable', { archive: this.localArchiveLabel() })}
      </p>`;
    }
    return this.renderStartButton();
  }

  private renderStartButton(): TemplateResult {
    const ready = this.source !== undefined && this.target !== undefined;
    return html`
      <button part="button start-button" class="button primary start" type="button" ?disabled=${!ready} aria-describedby="start-description" @click=${this.onStart}>
        <slot name="label">${this.localize.term('importButton')}</slot>
      </button>
      <span id="start-description" class="visually-hidden">${this.localize.term('importButtonDescription', this.labels())}</span>
    `;
  }

  private renderImporting(): TemplateResult {
    const progress = this.transfer.progress;
    const labels = this.labels();
    const phase = progress?.phase ?? 'listing';
    const phaseText =
      phase === 'listing'
        ? this.localize.term('importPhaseListing', labels)
        : phase === 'transferring'
          ? this.localize.term('importPhaseTransferring', labels)
          : this.localize.term('importPhaseVerifying', labels);
    return renderProgress({
      localize: this.localize,
      label: this.localize.term('importProgressLabel'),
      phase: phaseText,
      progress,
      counts: this.countsText(progress),
      waiting: this.waitingText(progress),
      onCancel: () => this.cancel(),
    });
  }

  private countsText(progress: ImportProgress | undefined): string {
    // While the source lists the study, counts of zero carry no information.
    if (progress === undefined || (progress.phase === 'listing' && progress.instances === 0)) return '';
    const instances =
      progress.totalInstances === undefined
        ? this.localize.plural('importCountOpen', progress.instances)
        : this.localize.plural('importCount', progress.totalInstances, { done: this.localize.formatNumber(progress.instances) });
    const bytes =
      progress.totalBytes === undefined
        ? formatBytes(this.localize, progress.bytes)
        : this.localize.term('transferBytesOf', { done: formatBytes(this.localize, progress.bytes), total: formatBytes(this.localize, progress.totalBytes) });
    return `${instances} · ${bytes}`;
  }

  private waitingText(progress: ImportProgress | undefined): string | undefined {
    const seconds = this.transfer.waitingSeconds;
    const waiting = progress?.waiting;
    if (waiting === undefined || seconds === undefined) return undefined;
    const labels = this.labels();
    const archive = waiting.side === 'source' ? labels.source : labels.target;
    return this.localize.term('transferWaiting', { archive, seconds: formatSeconds(this.localize, seconds) });
  }

  // ---------------------------------------------------------------------------------------------
  // Outcome

  private renderOutcome(outcome: ImportOutcome): TemplateResult {
    const title = html`${OUTCOME_ICONS[outcome.state]}<span>${this.localize.term(OUTCOME_TITLES[outcome.state])}</span>`;
    return renderResult(
      outcome.state,
      title,
      html`
        ${this.outcomeSentences(outcome).map((sentence) => html`<p>${sentence}</p>`)}
        ${this.renderMissing(outcome.missing)} ${renderTechnicalDetails(this.localize, outcome)}
        ${outcome.state === 'done' ? nothing : html`<div class="actions">${this.renderRetryButton(outcome)}</div>`}
      `,
    );
  }

  /** Describes the outcome in the element's language, from its counts and codes rather than its English `reason`. */
  private outcomeSentences(outcome: ImportOutcome): string[] {
    const labels = this.labels();
    if (outcome.state === 'done') return [this.localize.plural('importDoneText', outcome.expected, labels)];

    const sentences: string[] = [];
    if (outcome.state === 'failed') {
      if (outcome.expected === 0 && outcome.cancelled) return [this.localize.term('importFailedCancelled')];
      if (outcome.expected === 0 && outcome.missing.length === 0) {
        return [this.localize.term(this.unstartedOutcomes.has(outcome) ? 'importFailedNotStarted' : 'importFailedNotListed', labels)];
      }
      if (outcome.cancelled) sentences.push(this.localize.term('importFailedCancelled'));
      else sentences.push(this.localize.term('importFailedNoneStored', labels));
    } else {
      if (outcome.cancelled) sentences.push(this.localize.term('importCancelled'));
      sentences.push(this.localize.plural('importPartialText', outcome.expected, { ...labels, stored: this.localize.formatNumber(outcome.stored) }));
    }
    if (outcome.missing.length > 0) sentences.push(this.localize.plural('importMissingCount', outcome.missing.length));
    if (!outcome.verified && !outcome.cancelled && outcome.expected > 0) sentences.push(this.localize.term('importNotVerified', labels));
    return sentences;
  }

  private renderMissing(missing: readonly MissingInstance[]): TemplateResult | typeof nothing {
    return renderMissing(
      this.localize,
      this.localize.plural('importShowMissing', missing.length),
      missing,
      (instance) => html`<li data-sop-instance-uid=${instance.sopInstanceUid}>
        <span class="uid">${instance.sopInstanceUid}</span>: ${this.missingReason(instance)}
      </li>`,
    );
  }

  /** Translates a missing instance's reason code. The English `reason` text stays in the technical details. */
  private missingReason(instance: MissingInstance): string {
    const labels = this.labels();
    switch (instance.code) {
      case 'store-failed':
        return instance.failureReason === undefined
          ? this.localize.term('importReasonStoreFailed', labels)
          : this.localize.term('importReasonStoreFailedCode', {
              ...labels,
              code: `0x${instance.failureReason.toString(16).toUpperCase().padStart(4, '0')}`,
            });
      case 'not-received':
        return this.localize.term('importReasonNotReceived', labels);
      case 'not-sent':
        return this.localize.term('importReasonNotSent', labels);
      case 'not-confirmed':
        return this.localize.term('importReasonNotConfirmed', labels);
      case 'not-requested':
        return this.localize.term('importReasonNotRequested', labels);
      case 'cancelled':
        return this.localize.term('importReasonCancelled', labels);
      default:
        return instance.reason;
    }
  }

  private renderRetryButton(outcome: ImportOutcome): TemplateResult {
    let label: string;
    if (outcome.state === 'failed') label = this.localize.term('retry');
    else if (outcome.missing.length === 0) label = this.localize.term('importVerifyAgain');
    else label = this.localize.plural('importRetryMissing', outcome.missing.length);
    const ready = this.source !== undefined && this.target !== undefined;
    return html`<button part="button retry-button" class="button" type="button" ?disabled=${!ready} @click=${this.onRetry}>${label}</button>`;
  }

  // ---------------------------------------------------------------------------------------------
  // Running an import

  private readonly onStart = (): void => {
    void this.start();
  };

  private readonly onRetry = (): void => {
    void this.retry();
  };

  private async run(only: readonly InstanceReference[] | undefined): Promise<ImportOutcome | undefined> {
    const { study, source, target } = this;
    if (this.transfer.running || study === undefined) return undefined;
    if (source === undefined || target === undefined) {
      warnOnce('studyline-import-button needs a source and a target adapter before it can import.');
      return undefined;
    }
    if (!this.dispatchEvent(new StudylineImportStartEvent({ study, source, target, ...(only === undefined ? {} : { only }) }))) return undefined;

    const controller = this.transfer.begin();
    this.focusAfterRender.request('[part~="progress"] [part~="cancel-button"]');
    this.view = 'importing';
    this.announcer.announce(this.localize.term('importStarted'));

    let outcome: ImportOutcome;
    try {
      outcome = await importStudy({
        study,
        source,
        target,
        signal: controller.signal,
        only,
        batchSize: this.batchSize,
        onProgress: (progress) => this.onProgress(controller, study, progress),
      });
    } catch (error) {
      // importStudy throws only for invalid options, such as the same adapter as source and target.
      outcome = {
        state: 'failed',
        expected: 0,
        stored: 0,
        missing: [],
        warnings: [],
        transferred: 0,
        bytes: 0,
        verified: false,
        cancelled: false,
        reason: errorMessage(error),
      };
      this.unstartedOutcomes.add(outcome);
    }

    if (this.transfer.finish(controller, outcome)) {
      this.focusAfterRender.request('.result');
      this.view = 'result';
      this.announcer.announce(this.outcomeAnnouncement(outcome));
    }
    this.dispatchEvent(new StudylineImportCompleteEvent({ study, outcome }));
    return outcome;
  }

  private onProgress(controller: AbortController, study: StudyLocator, progress: ImportProgress): void {
    if (!this.transfer.isCurrent(controller)) return;
    if (this.transfer.advance(progress)) this.announcer.announce(this.waitingAnnouncement(progress));
    this.dispatchEvent(new StudylineImportProgressEvent({ study, progress }));
  }

  private waitingAnnouncement(progress: ImportProgress): string {
    const waiting = progress.waiting;
    if (waiting === undefined) return '';
    const labels = this.labels();
    return this.localize.term('transferWaiting', {
      archive: waiting.side === 'source' ? labels.source : labels.target,
      seconds: formatSeconds(this.localize, waiting.waitSeconds),
    });
  }

  private outcomeAnnouncement(outcome: ImportOutcome): string {
    return `${this.localize.term(OUTCOME_TITLES[outcome.state])}. ${this.outcomeSentences(outcome).join(' ')}`;
  }

  private resetForNewInput(): void {
    this.transfer.reset(new DOMException('The study or an adapter of the import changed.', 'AbortError'));
    this.view = 'idle';
    this.announcer.clear();
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** Returns true when an internal source, or the target's own source, has the study. */
  private isAvailable(): boolean {
    return this.localSourceLabel() !== undefined;
  }

  private localSourceLabel(): string | undefined {
    const sources = Array.isArray(this.study?.sources) ? this.study.sources : [];
    const targetIds = new Set((this.target?.sources ?? []).map((source) => source.id));
    const local = sources.find((entry) => entry?.source?.kind === 'internal' || targetIds.has(entry?.source?.id));
    return local?.source?.label;
  }

  private localArchiveLabel(): string {
    return this.localSourceLabel() ?? adapterLabel(this.target) ?? this.localize.term('internalSource');
  }

  private labels(): { source: string; target: string } {
    const studySource = Array.isArray(this.study?.sources) ? this.study.sources[0]?.source?.label : undefined;
    return {
      source: adapterLabel(this.source) ?? studySource ?? this.localize.term('externalSource'),
      target: adapterLabel(this.target) ?? this.localize.term('internalSource'),
    };
  }

  private updateCustomStates(): void {
    const current = this.state;
    for (const name of ['importing', 'done', 'partial', 'failed', 'available'] as const) setCustomState(this.internals, name, current === name);
    setCustomState(this.internals, 'waiting', current === 'importing' && this.transfer.waitingSeconds !== undefined);
  }
}
