/**
 * Parts of the outcome panel that the import and download elements share:
 * the panel itself, the disclosure with the missing instances, and the
 * technical details in English.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { LocalizeController } from './localize.js';

/** Maximum number of missing instances listed in the disclosure. The rest appear as a count. */
const MAX_LISTED_MISSING = 100;

/** Returns an error's message, or the thrown value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Renders the outcome panel: a group named by its title line, which takes
 * the focus after a run ends, with its sentences, disclosures and buttons.
 */
export function renderResult(className: string, title: unknown, content: unknown): TemplateResult {
  return html`
    <div part="result" class="result ${className}" tabindex="-1" role="group" aria-labelledby="result-title">
      <p class="result-title" id="result-title">${title}</p>
      ${content}
    </div>
  `;
}

/** Renders the disclosure that lists the missing instances, the first 100 of them, or nothing when none is missing. */
export function renderMissing<Instance>(
  localize: LocalizeController,
  summary: string,
  missing: readonly Instance[],
  renderItem: (instance: Instance) => TemplateResult,
): TemplateResult | typeof nothing {
  if (missing.length === 0) return nothing;
  const listed = missing.slice(0, MAX_LISTED_MISSING);
  const more = missing.length - listed.length;
  return html`
    <details part="missing" class="missing">
      <summary>${summary}</summary>
      <ul class="missing-list">
        ${listed.map(renderItem)}
      </ul>
      ${more > 0 ? html`<p class="note">${localize.plural('transferMoreMissing', more)}</p>` : nothing}
    </details>
  `;
}

/** Renders the disclosure with an outcome's reason and warnings, or nothing when it has neither. */
export function renderTechnicalDetails(
  localize: LocalizeController,
  outcome: { readonly reason?: string; readonly warnings: readonly string[] },
): TemplateResult | typeof nothing {
  const lines = [outcome.reason, ...outcome.warnings].filter((line): line is string => typeof line === 'string' && line !== '');
  if (lines.length === 0) return nothing;
  // The core library writes these in English, and servers write their warnings in their own words.
  return html`
    <details class="details">
      <summary>${localize.term('transferTechnicalDetails')}</summary>
      <div class="technical" lang="en">${lines.map((line) => html`<p>${line}</p>`)}</div>
    </details>
  `;
}
