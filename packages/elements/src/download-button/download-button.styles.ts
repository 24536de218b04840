import { css } from 'lit';

/** Styles of `<studyline-download-button>` beyond the shared transfer styles. */
export const downloadButtonStyles = css`
  .start {
    align-self: flex-start;
    max-width: 100%;
  }

  .size {
    font-variant-numeric: tabular-nums;
  }

  .viewer-warning {
    padding: 6px 8px;
    border-radius: var(--_sl-radius);
    background: var(--_sl-color-warning-surface);
    color: var(--_sl-color-warning-text);
  }

  .result.cancelled .result-title {
    font-weight: normal;
  }
`;
