import { css } from 'lit';

export const patientHistoryStyles = css`
  :host {
    display: block;
    min-width: 0;
  }

  /* One column in the order of the document, except in the wide layout below. */
  .base {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 12px;
    padding: 8px;
    box-sizing: border-box;
  }

  /*
   * The preview sits beside the history, so a radiologist steps through the priors while the whole history stays in
   * view. The history column keeps 600 px, the width from which the timeline stays horizontal.
   */
  .base.wide {
    grid-template-columns: minmax(600px, 1fr) minmax(20rem, 0.7fr);
    grid-template-areas:
      'header header'
      'filter filter'
      'history detail';
    align-items: start;
  }

  .base [hidden] {
    display: none !important;
  }

  .header {
    min-width: 0;
  }

  .base.wide .header {
    grid-area: header;
  }

  .base.wide .filter {
    grid-area: filter;
  }

  .base.wide .history {
    grid-area: history;
  }

  .base.wide .detail {
    grid-area: detail;
  }

  .history {
    display: flex;
    flex-direction: column;
    gap: 8px;
    min-width: 0;
  }

  .history:focus {
    outline: none;
  }

  .history:focus-visible {
    outline: 3px solid var(--_sl-color-focus-ring);
    outline-offset: 2px;
  }

  .detail {
    display: flex;
    flex-direction: column;
    gap: 8px;
    min-width: 0;
  }

  /* The preview stays in view while a long list scrolls, and scrolls by itself when it is taller than the window. */
  .base.wide .detail {
    position: sticky;
    top: var(--studyline-sticky-top, 0px);
    max-height: calc(100vh - var(--studyline-sticky-top, 0px));
    max-height: calc(100dvh - var(--studyline-sticky-top, 0px));
    overflow-y: auto;
    padding-inline-start: 12px;
    border-inline-start: 1px solid var(--_sl-color-grid);
  }

  .base.stacked .detail {
    padding-block-start: 12px;
    border-block-start: 1px solid var(--_sl-color-grid);
  }

  .base.single {
    display: flex;
    flex-direction: column;
  }

  .icon {
    width: 18px;
    height: 18px;
  }

  /* The view switch is slotted into the filter's result line. */
  .view-switch {
    display: inline-flex;
    align-items: stretch;
    flex: none;
  }

  .view-button {
    min-height: 32px;
    padding: 0 12px;
    border-radius: 0;
    color: var(--_sl-color-text);
    white-space: nowrap;
  }

  .view-button:first-child {
    border-start-start-radius: var(--_sl-radius);
    border-end-start-radius: var(--_sl-radius);
  }

  .view-button:last-child {
    border-start-end-radius: var(--_sl-radius);
    border-end-end-radius: var(--_sl-radius);
  }

  .view-button + .view-button {
    margin-inline-start: -1px;
  }

  .filter-bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
  }

  .filter-toggle {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    max-width: 100%;
    min-height: 44px;
    padding: 4px 12px;
    text-align: start;
  }

  .filter-toggle[aria-expanded='true'] {
    border-color: var(--_sl-color-accent);
    background: var(--_sl-color-accent-surface);
  }

  .filter-toggle-text {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }

  .filter-toggle-result {
    font-size: 0.75rem;
    color: var(--_sl-color-text-muted);
  }

  .back-button {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    align-self: flex-start;
    max-width: 100%;
    min-height: 44px;
    padding: 0 14px 0 8px;
    text-align: start;
  }

  /* Above the neighbouring view button, which overlaps it by its border. */
  .view-button:focus-visible {
    position: relative;
    z-index: 1;
  }

  /* In line with the preview's content, which has 12px of padding. */
  .detail > .back-button,
  .actions {
    margin-inline: 12px;
  }

  .actions {
    display: flex;
    flex-direction: column;
    gap: 8px;
    min-width: 0;
  }

  /*
   * The buttons sit side by side at their own width. A panel that opens, such as the download's confirmation or an
   * import's progress, is wider and so wraps onto a line of its own.
   */
  .study-actions {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: 8px;
    min-width: 0;
  }

  .study-actions > * {
    flex: 0 1 auto;
    min-width: 0;
    max-width: 100%;
  }

  .message {
    margin: 0;
    padding: 24px 8px;
    text-align: center;
    color: var(--_sl-color-text-muted);
  }

`;
