/**
 * The timeline's status output: the loading placeholder, the empty messages
 * and the error shown when every source failed. The lines of sources still
 * searching and the banners of failed and incomplete sources are in
 * `shared/source-status.ts`.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { SourceInfo, SourceOutcome } from '@studyline/core';
import type { LocalizeController } from '../shared/localize.js';
import { detailTooltip, outcomeText } from '../shared/source-status.js';

export function renderSkeleton(localize: LocalizeController): TemplateResult {
  return html`
    <div part="skeleton" class="skeleton">
      <div class="skeleton-lane"></div>
      <div class="skeleton-lane"></div>
      <div class="skeleton-lane"></div>
      <div class="skeleton-text">${localize.term('loading')}</div>
    </div>
  `;
}

/** Renders the message of the error state, which lists the failed sources and retries them all. */
export function renderError(localize: LocalizeController, outcomes: readonly SourceOutcome[], onRetry: (sources: readonly SourceInfo[]) => void): TemplateResult {
  const failed = outcomes.filter((outcome) => outcome.status.state === 'failed');
  return html`
    <div part="error" class="error" role="alert">
      <p class="error-title">${localize.term('errorTitle')}</p>
      ${failed.length > 0
        ? html`<ul>
            ${failed.map((outcome) => html`<li title=${detailTooltip(localize, outcome)}>${outcomeText(localize, outcome)}</li>`)}
          </ul>`
        : nothing}
      <button part="retry-button" class="retry" type="button" @click=${() => onRetry(failed.map((outcome) => outcome.source))}>
        ${localize.term('retry')}
      </button>
    </div>
  `;
}

/**
 * Renders the empty state: "no matching studies" when the filter hides every
 * study, else the `empty` slot with "no studies" or "no patient selected".
 */
export function renderEmpty(localize: LocalizeController, reason: 'filtered' | 'no-studies' | 'no-patient'): TemplateResult {
  if (reason === 'filtered') return html`<div part="empty" class="message">${localize.term('noMatchingStudies')}</div>`;
  return html`<div part="empty" class="message">
    <slot name="empty">${localize.term(reason === 'no-patient' ? 'noPatient' : 'empty')}</slot>
  </div>`;
}
