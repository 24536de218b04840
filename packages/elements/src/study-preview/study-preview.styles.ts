import { css } from 'lit';

/** Side of the thumbnail square in CSS pixels. The element requests thumbnails of this size times the device pixel ratio. */
export const THUMBNAIL_CSS_SIZE = 64;

export const studyPreviewStyles = css`
  :host {
    display: block;
    position: relative;
    min-width: 0;
  }

  .base {
    display: flex;
    flex-direction: column;
    gap: 12px;
    padding: 12px;
    box-sizing: border-box;
    container-type: inline-size;
  }

  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 36px;
    min-width: 36px;
    padding: 0 10px;
    white-space: nowrap;
  }

  .button:disabled {
    cursor: default;
    color: var(--_sl-color-text-muted);
    background: var(--_sl-color-surface);
  }

  .icon {
    width: 18px;
    height: 18px;
  }

  .series-button:focus-visible,
  .viewport:focus-visible,
  .report-link:focus-visible,
  .slider:focus-visible {
    outline: 3px solid var(--_sl-color-focus-ring);
    outline-offset: 2px;
  }

  /* Header */

  .header {
    display: flex;
    flex-direction: column;
    gap: 6px;
  }

  .title-row {
    display: flex;
    align-items: flex-start;
    gap: 8px;
  }

  .title {
    flex: 1 1 auto;
    margin: 0;
    font-size: 1.25em;
    line-height: 1.3;
    overflow-wrap: anywhere;
    hyphens: auto;
  }

  .study-navigation {
    display: inline-flex;
    gap: 4px;
    flex: none;
  }

  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 16px;
    margin: 0;
  }

  .fact {
    display: flex;
    gap: 6px;
    align-items: baseline;
    min-width: 0;
  }

  .fact dt {
    color: var(--_sl-color-text-muted);
  }

  .fact dd {
    margin: 0;
    overflow-wrap: anywhere;
    hyphens: auto;
  }

  .badge {
    display: inline-block;
    padding: 0 6px;
    border: 1px solid var(--_sl-color-border);
    border-radius: 999px;
    font-size: 0.85em;
    white-space: nowrap;
  }

  .badge.external {
    background: var(--_sl-color-warning-surface);
    color: var(--_sl-color-warning-text);
  }

  .modality {
    display: inline-block;
    min-width: 2.2em;
    padding: 0 4px;
    border-radius: 4px;
    text-align: center;
    font-weight: 600;
    font-size: 0.85em;
    color: var(--_sl-color-mark-text);
    background: var(--_sl-modality-color, var(--_sl-modality-other));
  }

  .modalities {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 4px;
  }

  .reports {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }

  .report-link {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    color: var(--_sl-color-accent);
    background: none;
    border: none;
    padding: 4px 0;
    text-decoration: underline;
    cursor: pointer;
  }

  /* Body: series list and viewer */

  .body {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 12px;
    align-items: start;
  }

  @container (min-width: 720px) {
    .body.viewing {
      grid-template-columns: minmax(260px, 340px) minmax(0, 1fr);
    }

    .body.viewing .viewer {
      grid-column: 2;
      grid-row: 1;
      position: sticky;
      top: 0;
    }
  }

  .series-section {
    min-width: 0;
  }

  .series-heading {
    display: flex;
    align-items: baseline;
    gap: 8px;
    margin: 0 0 6px;
    font-size: 1em;
  }

  .series-heading .count {
    font-weight: normal;
    color: var(--_sl-color-text-muted);
  }

  .series-list {
    display: flex;
    flex-direction: column;
    gap: 4px;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .series-row {
    display: flex;
    align-items: stretch;
    gap: 4px;
  }

  .series-button {
    flex: 1 1 auto;
    display: flex;
    align-items: center;
    gap: 10px;
    min-width: 0;
    padding: 6px;
    border: 1px solid var(--_sl-color-grid);
    border-radius: var(--_sl-radius);
    background: var(--_sl-color-surface);
    text-align: start;
    cursor: pointer;
  }

  .series-button:hover {
    border-color: var(--_sl-color-border);
  }

  .series-button[aria-current='true'] {
    border-color: var(--_sl-color-accent);
    background: var(--_sl-color-accent-surface);
    box-shadow: inset 3px 0 0 var(--_sl-color-accent);
  }

  .thumbnail {
    flex: none;
    display: grid;
    place-items: center;
    width: ${THUMBNAIL_CSS_SIZE}px;
    height: ${THUMBNAIL_CSS_SIZE}px;
    border-radius: 4px;
    overflow: hidden;
    background: #000;
    color: #d0d6de;
  }

  .thumbnail img {
    width: 100%;
    height: 100%;
    object-fit: contain;
  }

  .thumbnail.non-image,
  .thumbnail.error {
    background: var(--_sl-color-surface-raised);
    color: var(--_sl-color-text-muted);
    border: 1px solid var(--_sl-color-grid);
    box-sizing: border-box;
  }

  .thumbnail .icon {
    width: 28px;
    height: 28px;
  }

  .thumbnail.loading {
    background: var(--_sl-color-skeleton);
  }

  .series-text {
    display: flex;
    flex-direction: column;
    gap: 2px;
    min-width: 0;
  }

  .series-title {
    display: flex;
    align-items: baseline;
    gap: 6px;
    min-width: 0;
    overflow-wrap: anywhere;
    hyphens: auto;
  }

  .series-meta,
  .series-note {
    color: var(--_sl-color-text-muted);
    font-size: 0.9em;
    overflow-wrap: anywhere;
    hyphens: auto;
  }

  .series-note.error {
    color: var(--_sl-color-danger-text);
  }

  .retry {
    align-self: center;
  }

  .message {
    margin: 0;
    padding: 10px 12px;
    border-radius: var(--_sl-radius);
    background: var(--_sl-color-surface);
  }

  .message.error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    background: var(--_sl-color-danger-surface);
    color: var(--_sl-color-danger-text);
  }

  .skeleton-row {
    height: ${THUMBNAIL_CSS_SIZE + 14}px;
    border-radius: var(--_sl-radius);
    background: var(--_sl-color-skeleton);
  }

  /* Viewer */

  .viewer {
    display: flex;
    flex-direction: column;
    gap: 6px;
    min-width: 0;
    padding: 8px;
    border: 1px solid var(--_sl-color-grid);
    border-radius: var(--_sl-radius);
    background: var(--_sl-color-surface);
  }

  .viewer-title {
    margin: 0;
    font-size: 1em;
    overflow-wrap: anywhere;
    hyphens: auto;
  }

  .viewer-toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }

  .slider {
    flex: 1 1 120px;
    min-width: 80px;
    accent-color: var(--_sl-color-accent);
  }

  .viewport-frame {
    position: relative;
    width: 100%;
    aspect-ratio: 1 / 1;
    max-height: 70vh;
    background: #000;
    border-radius: 4px;
    overflow: hidden;
  }

  .viewport {
    position: absolute;
    inset: 0;
    touch-action: none;
    cursor: crosshair;
  }

  .viewport-overlay {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    padding: 16px;
    text-align: center;
    color: #e6e9ed;
    background: rgb(0 0 0 / 55%);
    pointer-events: none;
  }

  .viewer-status {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    margin: 0;
    color: var(--_sl-color-text-muted);
    font-size: 0.9em;
  }

  .viewer-status .problem {
    color: var(--_sl-color-danger-text);
  }

  /* Report */

  .report-body {
    max-height: 70vh;
    overflow: auto;
    padding: 4px 2px;
    line-height: 1.45;
  }

  .report-title {
    margin: 0 0 4px;
    font-size: 1em;
  }

  .report-flags,
  .report-name {
    color: var(--_sl-color-text-muted);
  }

  .report-flags,
  .report-message {
    margin: 0 0 8px;
  }

  .report-message.problem {
    color: var(--_sl-color-danger-text);
  }

  .report-items {
    margin: 0;
    padding-inline-start: 0;
    list-style: none;
  }

  .report-items .report-items {
    padding-inline-start: 1.25em;
  }

  .report-items li {
    margin: 2px 0;
    overflow-wrap: anywhere;
    hyphens: auto;
  }

  .report-heading {
    font-weight: 600;
  }

  .report-value {
    white-space: pre-wrap;
  }

  @media (prefers-reduced-motion: no-preference) {
    .thumbnail.loading,
    .skeleton-row {
      animation: pulse 1.4s ease-in-out infinite;
    }
  }

  @keyframes pulse {
    50% {
      opacity: 0.55;
    }
  }
`;
