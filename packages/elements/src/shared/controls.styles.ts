import { css } from 'lit';

/**
 * Styles of the controls that every element shares: buttons in the host's
 * font, the border, background, hover, pressed state and focus ring of a
 * `.button`, and the stroke of an `.icon`. Elements list these before their
 * own styles, which set each button's and icon's size.
 */
export const controlStyles = css`
  button {
    font: inherit;
    color: inherit;
  }

  .button {
    border: 1px solid var(--_sl-color-border);
    border-radius: var(--_sl-radius);
    background: var(--_sl-color-surface-raised);
    cursor: pointer;
  }

  .button:hover {
    background: var(--_sl-color-surface);
  }

  .button[aria-pressed='true'] {
    background: var(--_sl-color-accent-surface);
    border-color: var(--_sl-color-accent);
    font-weight: 600;
    box-shadow: inset 0 -3px 0 var(--_sl-color-accent);
  }

  .button:focus-visible {
    outline: 3px solid var(--_sl-color-focus-ring);
    outline-offset: 2px;
  }

  .icon {
    flex: none;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  @media (forced-colors: active) {
    .button[aria-pressed='true'] {
      border: 2px solid Highlight;
    }
  }
`;
