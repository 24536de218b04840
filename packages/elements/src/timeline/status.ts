/**
 * The timeline's status output: a line per source that is still searching,
 * a banner per failed or incomplete source, the loading placeholder, the
 * empty messages and the error shown when every source failed.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { SourceInfo, SourceOutcome } from '@studyline/core';
import type { LocalizeController } from '../shared/localize.js';
import { outcomeDetail, outcomeText } from './study-text.js';

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
            <span class="banner-text" title=${outcomeDetail(outcome)}>${outcomeText(localize, outcome)}</span>
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
            ${failed.map((outcome) => html`<li title=${outcomeDetail(outcome)}>${outcomeText(localize, outcome)}</li>`)}
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
