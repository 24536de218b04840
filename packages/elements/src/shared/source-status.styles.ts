import { css } from 'lit';

/** Styles of `renderSourceStatus`: the lines of sources still searching, and the banners with their Retry buttons. */
export const sourceStatusStyles = css`
  .status-list {
    display: flex;
    flex-direction: column;
    gap: 4px;
    min-width: 0;
  }

  .status-list:empty {
    display: none;
  }

  .source-loading {
    display: flex;
    align-items: center;
    gap: 8px;
    color: var(--_sl-color-text-muted);
  }

  .spinner {
    width: 12px;
    height: 12px;
    flex: none;
    border: 2px solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: spin 0.9s linear infinite;
  }

  .banner {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    padding: 6px 8px;
    border-radius: var(--_sl-radius);
    border-inline-start: 4px solid currentColor;
    background: var(--_sl-color-warning-surface);
    color: var(--_sl-color-warning-text);
  }

  .banner[data-state='failed'] {
    background: var(--_sl-color-danger-surface);
    color: var(--_sl-color-danger-text);
  }

  .banner-text {
    flex: 1 1 16rem;
    min-width: 0;
    overflow-wrap: anywhere;
    hyphens: auto;
  }

  .retry {
    min-height: 32px;
    padding: 0 10px;
    border: 1px solid currentColor;
    border-radius: var(--_sl-radius);
    background: transparent;
    cursor: pointer;
  }

  .retry:focus-visible {
    outline: 3px solid var(--_sl-color-focus-ring);
    outline-offset: 2px;
  }

  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
`;
