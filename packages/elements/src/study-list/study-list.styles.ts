import { css } from 'lit';

export const studyListStyles = css`
  :host {
    display: block;
    min-width: 0;
  }

  .base {
    display: flex;
    flex-direction: column;
    gap: 8px;
    padding: 8px;
  }

  select {
    font: inherit;
    color: inherit;
  }

  .count {
    margin: 0;
    font-size: 0.8125rem;
    color: var(--_sl-color-text-muted);
  }

  .table-scroller {
    overflow-x: auto;
  }

  .table {
    width: 100%;
    border-collapse: collapse;
  }

  .header {
    padding: 0;
    border-block-end: 2px solid var(--_sl-color-border);
    text-align: start;
    white-space: nowrap;
  }

  .header[aria-sort='ascending'],
  .header[aria-sort='descending'] {
    border-block-end-color: var(--_sl-color-accent);
  }

  .sort-button {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    width: 100%;
    min-height: 36px;
    padding: 4px 8px;
    border: 0;
    background: transparent;
    font-weight: 600;
    text-align: start;
    cursor: pointer;
  }

  .sort-button:hover {
    background: var(--_sl-color-surface);
  }

  .sort-icon {
    flex: none;
    width: 12px;
    height: 12px;
    fill: none;
    stroke: currentColor;
    stroke-width: 1.5;
    stroke-linecap: round;
  }

  .sort-icon[data-direction='none'] {
    opacity: 0.5;
  }

  .row {
    border-block-end: 1px solid var(--_sl-color-grid);
    cursor: pointer;
  }

  .row:hover {
    background: var(--_sl-color-surface);
  }

  .row[aria-current='true'],
  .list-row[aria-current='true'] {
    background: var(--_sl-color-accent-surface);
    box-shadow: inset 4px 0 0 var(--_sl-color-accent);
  }

  .cell {
    padding: 6px 8px;
    vertical-align: baseline;
  }

  .date-cell {
    white-space: nowrap;
  }

  .row-button {
    min-height: 32px;
    padding: 0 4px;
    margin-inline-start: -4px;
    border: 0;
    border-radius: var(--_sl-radius);
    background: transparent;
    font-variant-numeric: tabular-nums;
    text-align: start;
    cursor: pointer;
  }

  .detail {
    display: block;
    font-size: 0.75rem;
    color: var(--_sl-color-text-muted);
    font-variant-numeric: tabular-nums;
  }

  .description {
    overflow-wrap: anywhere;
    hyphens: auto;
  }

  .chip {
    display: inline-block;
    padding: 2px 6px;
    border-radius: 10px;
    background: var(--_mark-color, var(--_sl-modality-other));
    color: var(--_sl-color-mark-text);
    font-size: 0.6875rem;
    font-weight: 700;
    white-space: nowrap;
  }

  .source-text {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 2px 8px;
  }

  .badge,
  .others {
    font-size: 0.75rem;
    color: var(--_sl-color-text-muted);
  }

  .badge {
    padding: 1px 6px;
    border: 1px solid currentColor;
    border-radius: 10px;
  }

  .sort-controls {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: 2px;
    flex: 1 1 8rem;
  }

  .field-label {
    font-size: 0.75rem;
    font-weight: 600;
    color: var(--_sl-color-text-muted);
  }

  .select {
    min-height: 36px;
    padding: 4px 8px;
    border: 1px solid var(--_sl-color-border);
    border-radius: var(--_sl-radius);
    background: var(--_sl-color-surface-raised);
  }

  .list {
    display: flex;
    flex-direction: column;
    gap: 4px;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .list-row {
    display: flex;
    flex-direction: column;
    gap: 2px;
    padding: 6px 8px;
    border: 1px solid var(--_sl-color-grid);
    border-radius: var(--_sl-radius);
    background: var(--_sl-color-surface);
    cursor: pointer;
  }

  .list-top,
  .list-bottom {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 4px 8px;
  }

  .list-bottom {
    font-size: 0.8125rem;
    color: var(--_sl-color-text-muted);
  }

  .list-bottom .detail {
    display: inline;
  }

  .button {
    min-height: 32px;
    padding: 0 10px;
  }

  .show-more {
    align-self: flex-start;
  }

  .message {
    padding: 24px 16px;
    text-align: center;
    color: var(--_sl-color-text-muted);
    border: 1px dashed var(--_sl-color-border);
    border-radius: var(--_sl-radius);
  }

  .sort-button:focus-visible,
  .row-button:focus-visible,
  .select:focus-visible {
    outline: 3px solid var(--_sl-color-focus-ring);
    outline-offset: 2px;
  }

  @media (forced-colors: active) {
    .chip {
      border: 1px solid ButtonText;
    }

    .row[aria-current='true'],
    .list-row[aria-current='true'] {
      outline: 3px solid Highlight;
    }
  }
`;
