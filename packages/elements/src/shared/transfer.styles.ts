import { css } from 'lit';

/** Styles shared by the import and download elements: buttons, the progress block and the outcome panel. */
export const transferStyles = css`
  :host {
    display: block;
    min-width: 0;
    background: transparent;
  }

  .base {
    display: flex;
    flex-direction: column;
    gap: 8px;
    min-width: 0;
  }

  p {
    margin: 0;
  }

  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 36px;
    min-width: 36px;
    padding: 0 12px;
    text-align: center;
  }

  .button.primary {
    border-color: var(--_sl-color-accent);
    background: var(--_sl-color-accent);
    color: var(--_sl-color-background);
    font-weight: 600;
  }

  .button.primary:hover {
    filter: brightness(1.1);
  }

  .button:disabled {
    cursor: default;
    border-color: var(--_sl-color-grid);
    background: var(--_sl-color-surface);
    color: var(--_sl-color-text-muted);
    filter: none;
  }

  summary:focus-visible,
  .result:focus-visible,
  .panel:focus-visible {
    outline: 3px solid var(--_sl-color-focus-ring);
    outline-offset: 2px;
  }

  .icon {
    width: 20px;
    height: 20px;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }

  .note {
    color: var(--_sl-color-text-muted);
  }

  /* Progress */

  .progress,
  .panel,
  .result {
    display: flex;
    flex-direction: column;
    gap: 6px;
    padding: 10px 12px;
    border: 1px solid var(--_sl-color-grid);
    border-radius: var(--_sl-radius);
    background: var(--_sl-color-surface);
    min-width: 0;
  }

  .phase {
    font-weight: 600;
    overflow-wrap: anywhere;
    hyphens: auto;
  }

  .bar {
    width: 100%;
    height: var(--studyline-progress-height, 8px);
    accent-color: var(--_sl-color-accent);
  }

  .progress-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
  }

  .counts {
    font-variant-numeric: tabular-nums;
  }

  .waiting {
    padding: 6px 8px;
    border-radius: var(--_sl-radius);
    background: var(--_sl-color-warning-surface);
    color: var(--_sl-color-warning-text);
  }

  /* Outcome */

  .result-title {
    display: flex;
    align-items: center;
    gap: 8px;
    margin: 0;
    font-size: 1em;
    font-weight: 600;
  }

  .result.done {
    border-color: var(--_sl-color-accent);
    background: var(--_sl-color-accent-surface);
  }

  .result.partial {
    background: var(--_sl-color-warning-surface);
    color: var(--_sl-color-warning-text);
  }

  .result.failed {
    background: var(--_sl-color-danger-surface);
    color: var(--_sl-color-danger-text);
  }

  .result p,
  .panel p {
    overflow-wrap: anywhere;
    hyphens: auto;
  }

  details {
    min-width: 0;
  }

  summary {
    cursor: pointer;
    padding: 4px 0;
  }

  .missing-list {
    margin: 4px 0 0;
    padding: 0 0 0 18px;
    max-height: 240px;
    overflow: auto;
  }

  .missing-list li {
    margin: 2px 0;
    overflow-wrap: anywhere;
    hyphens: auto;
  }

  .uid {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
    word-break: break-all;
  }

  .technical {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    hyphens: auto;
  }

  .available {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    color: var(--_sl-color-text-muted);
  }

  @media (forced-colors: active) {
    .button.primary {
      border: 2px solid ButtonText;
    }
  }
`;
