import { css } from 'lit';

export const modalityFilterStyles = css`
  :host {
    display: block;
    min-width: 0;
    container-type: inline-size;
  }

  .base {
    display: flex;
    flex-direction: column;
    gap: 10px;
    padding: 8px;
    margin: 0;
  }

  input {
    font: inherit;
    color: inherit;
  }

  /*
   * The compact layout puts the search box, the modality chips and the "More filters" button in one row where they
   * fit, so that a wide history shows its timeline right below the filter. The folded facets and the result line take
   * rows of their own.
   */
  .base.compact {
    flex-direction: row;
    flex-wrap: wrap;
    align-items: flex-end;
    column-gap: 16px;
  }

  .base.compact > .search-field {
    flex: 1 1 18rem;
    max-width: 24rem;
  }

  .base.compact > .facet {
    flex: 1000 1 20rem;
  }

  .base.compact > .more-facets,
  .base.compact > .summary {
    flex: 1 1 100%;
  }

  .more-facets {
    display: flex;
    flex-direction: column;
    gap: 10px;
    min-width: 0;
  }

  .more-facets[hidden] {
    display: none;
  }

  .more-button {
    display: inline-flex;
    flex: none;
    align-items: center;
    gap: 6px;
    min-height: 36px;
    max-width: 100%;
    padding: 0 12px;
    white-space: nowrap;
  }

  .more-button.active,
  .more-button[aria-expanded='true'] {
    border-color: var(--_sl-color-accent);
  }

  .more-button[aria-expanded='true'] {
    background: var(--_sl-color-accent-surface);
  }

  .chevron {
    width: 16px;
    height: 16px;
  }

  .more-button[aria-expanded='true'] .chevron {
    transform: rotate(180deg);
  }

  .more-count {
    min-width: 1.5em;
    padding: 0 6px;
    border-radius: 10px;
    background: var(--_sl-color-accent);
    color: var(--_sl-color-background);
    font-size: 0.75rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    text-align: center;
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: 2px;
    min-width: 0;
  }

  .field-label,
  .legend {
    font-size: 0.75rem;
    font-weight: 600;
    color: var(--_sl-color-text-muted);
  }

  .input {
    box-sizing: border-box;
    min-height: 36px;
    width: 100%;
    padding: 4px 8px;
    border: 1px solid var(--_sl-color-border);
    border-radius: var(--_sl-radius);
    background: var(--_sl-color-surface-raised);
  }

  .facet {
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }

  .legend {
    padding: 0;
    margin-block-end: 4px;
  }

  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }

  .chip {
    position: relative;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    box-sizing: border-box;
    min-height: 36px;
    max-width: 100%;
    padding: 0 12px;
    border: 1px solid var(--_sl-color-border);
    border-radius: 18px;
    background: var(--_sl-color-surface);
    cursor: pointer;
    text-align: start;
  }

  .chip:hover {
    background: var(--_sl-color-surface-raised);
  }

  .chip[aria-pressed='true'],
  .radio-chip:has(input:checked) {
    border-color: var(--_sl-color-accent);
    background: var(--_sl-color-accent-surface);
    font-weight: 600;
    box-shadow: inset 0 0 0 1px var(--_sl-color-accent);
  }

  .chip[aria-pressed='true']::before,
  .radio-chip:has(input:checked)::before {
    /* A check mark, so that the chosen state never depends on colour alone. */
    content: '✓';
    font-weight: 700;
  }

  .chip:focus-visible,
  .radio-chip:has(input:focus-visible),
  .input:focus-visible {
    outline: 3px solid var(--_sl-color-focus-ring);
    outline-offset: 2px;
  }

  .radio-chip input {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }

  .swatch {
    flex: none;
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: var(--_swatch-color);
  }

  .chip-label {
    overflow-wrap: anywhere;
    hyphens: auto;
  }

  .chip-detail {
    font-size: 0.75rem;
    font-weight: 400;
    color: var(--_sl-color-text-muted);
  }

  .chip-count {
    min-width: 1.5em;
    padding: 0 6px;
    border-radius: 10px;
    background: var(--_sl-color-background);
    color: var(--_sl-color-text-muted);
    font-size: 0.75rem;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    text-align: center;
  }

  .date-inputs {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin-block-start: 8px;
  }

  .date-inputs .field {
    flex: 1 1 10rem;
  }

  .note {
    margin: 6px 0 0;
    font-size: 0.8125rem;
    color: var(--_sl-color-text-muted);
  }

  .summary {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    color: var(--_sl-color-text-muted);
  }

  .result {
    flex: 1 1 auto;
  }

  .clear {
    min-height: 32px;
    padding: 0 10px;
    color: var(--_sl-color-text);
  }

  /* Narrow hosts such as a phone at 360 px: the date fields stack and fill the width. */
  @container (max-width: 480px) {
    .date-inputs {
      flex-direction: column;
    }

    .date-inputs .field {
      flex: none;
    }
  }

  @media (forced-colors: active) {
    .chip[aria-pressed='true'],
    .radio-chip:has(input:checked) {
      outline: 2px solid Highlight;
    }

    .swatch,
    .more-count {
      border: 1px solid CanvasText;
    }
  }
`;
