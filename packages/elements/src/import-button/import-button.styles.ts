import { css } from 'lit';

/** Styles of `<studyline-import-button>` beyond the shared transfer styles. */
export const importButtonStyles = css`
  .start {
    align-self: flex-start;
    max-width: 100%;
  }
`;
