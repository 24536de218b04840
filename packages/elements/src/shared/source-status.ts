/**
 * Each source's status in the element's language: a line per source that is
 * still searching, and a banner with a Retry button per failed or incomplete
 * source. The timeline shows them above its lanes, and the patient history
 * above its list and in single-study mode.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { SourceInfo, SourceOutcome } from '@studyline/core';
import type { LocalizeController, TextKey } from './localize.js';

const INCOMPLETE_REASON_TERMS = {
  'server-truncated': 'reasonServerTruncated',
  'limit-reached': 'reasonLimitReached',
  'partial-success': 'reasonPartialSuccess',
  'unreadable-entries': 'reasonUnreadableEntries',
  'other-patient': 'reasonOtherPatient',
} as const;

/** Text keys of the two reasons that an element may word its own way: a response that is not DICOM, and any other failure. */
export interface FailureReasonTerms {
  mediaType: TextKey;
  other: TextKey;
}

const SOURCE_FAILURE_TERMS: FailureReasonTerms = { mediaType: 'errorMediaType', other: 'errorOther' };

/** Returns the reason that a request failed, in plain words, from the error's `code` and HTTP `status`. */
export function failureReason(
  localize: LocalizeController,
  error: { code?: unknown; status?: unknown } | undefined,
  terms: FailureReasonTerms = SOURCE_FAILURE_TERMS,
): string {
  switch (error?.code) {
    case 'network':
      return localize.term('errorNetwork');
    case 'http':
      // A gateway or proxy that timed out waiting for the server behind it returns 504, and a server that timed out returns 408.
      if (error.status === 504 || error.status === 408) return localize.term('errorTimeout');
      return localize.term('errorHttp', { status: typeof error.status === 'number' ? String(error.status) : '?' });
    case 'unauthorized':
      return localize.term('errorUnauthorized');
    case 'media-type':
      return localize.term(terms.mediaType);
    case 'parse':
      return localize.term('errorParse');
    case 'truncated':
      return localize.term('errorTruncated');
    case 'timeout':
      return localize.term('errorTimeout');
    case 'rejected':
      return localize.term('errorRejected');
    default:
      return localize.term(terms.other);
  }
}

/**
 * Returns the reason shown in a source's banner, in the element's language.
 * A truncating server's own words follow in quotes, untranslated; an
 * error's technical message is left to `outcomeDetail`.
 */
export function outcomeReason(localize: LocalizeController, outcome: SourceOutcome): string {
  const status = outcome.status;
  if (status.state === 'failed') return failureReason(localize, status.error);
  if (status.state !== 'incomplete') return '';

  const term = INCOMPLETE_REASON_TERMS[status.reason as keyof typeof INCOMPLETE_REASON_TERMS] ?? 'reasonUnknown';
  let reason = localize.term(term);
  const message = typeof status.message === 'string' ? status.message.trim().replace(/[.\s]+$/, '') : '';
  if (status.reason === 'server-truncated' && message !== '') reason = localize.term('serverMessage', { reason, message });
  if (typeof status.missingCount === 'number' && status.missingCount > 0) {
    reason = `${reason} ${localize.plural('missingStudies', status.missingCount)}`;
  }
  return reason;
}

/** Returns the tooltip of a banner: the technical message under the localized label "Technical details", or an empty string. */
export function detailTooltip(localize: LocalizeController, outcome: SourceOutcome): string {
  const detail = outcomeDetail(outcome);
  return detail === '' ? '' : `${localize.term('transferTechnicalDetails')}: ${detail}`;
}

/** Returns the technical message behind a source's banner, in English as the library wrote it, for a tooltip or a log. */
export function outcomeDetail(outcome: SourceOutcome): string {
  const status = outcome.status;
  if (status.state === 'failed') return typeof status.error?.message === 'string' ? status.error.message : '';
  if (status.state === 'incomplete') return typeof status.message === 'string' ? status.message : '';
  return '';
}

/** Returns the banner text for a failed or incomplete source, naming the source and the reason. */
export function outcomeText(localize: LocalizeController, outcome: SourceOutcome): string {
  const parameters = { source: outcome.source.label, reason: outcomeReason(localize, outcome) };
  return outcome.status.state === 'failed' ? localize.term('sourceFailed', parameters) : localize.term('sourceIncomplete', parameters);
}

/** Input of `renderSourceStatus`: the sources to show and the callback of their Retry buttons. */
export interface SourceStatusView {
  localize: LocalizeController;
  pending: readonly SourceInfo[];
  /** Outcomes of failed and incomplete sources. */
  problems: readonly SourceOutcome[];
  onRetry(sources: readonly SourceInfo[]): void;
}

/** Renders the loading lines and the banners, or nothing when every source has responded completely. */
export function renderSourceStatus(view: SourceStatusView): TemplateResult | typeof nothing {
  const { localize, pending } = view;
  const pendingIds = new Set(pending.map((source) => source.id));
  const shownProblems = view.problems.filter((outcome) => !pendingIds.has(outcome.source.id));
  if (pending.length === 0 && shownProblems.length === 0) return nothing;
  return html`
    <div part="status" class="status-list" role="status">
      ${pending.map(
        (source) => html`
          <div part="source-loading" class="source-loading" data-source-id=${source.id}>
            <span class="spinner" aria-hidden="true"></span>
            ${localize.term('loadingSource', { source: source.label })}
          </div>
        `,
      )}
      ${shownProblems.map(
        (outcome) => html`
          <div part="banner" class="banner" data-state=${outcome.status.state} data-source-id=${outcome.source.id}>
            <span class="banner-text" title=${detailTooltip(localize, outcome)}>${outcomeText(localize, outcome)}</span>
            <button
              part="retry-button"
              class="retry"
              type="button"
              aria-label=${localize.term('retrySource', { source: outcome.source.label })}
              @click=${() => view.onRetry([outcome.source])}
            >
              ${localize.term('retry')}
            </button>
          </div>
        `,
      )}
    </div>
  `;
}
