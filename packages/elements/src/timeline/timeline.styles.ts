import { css } from 'lit';

/** Sizes that the element's code also needs, in pixels. Keep in line with the CSS below. */
export const LAYOUT = {
  /** Height of a mark. */
  markHeight: 28,
  /** Space kept free at each end of a track so that the first and last marks are not cut. */
  trackInset: 20,
} as const;

export const timelineStyles = css`
  :host {
    display: block;
    position: relative;
    min-width: 0;
    container-type: inline-size;
  }

  .base {
    position: relative;
    display: flex;
    flex-direction: column;
    gap: 8px;
    padding: 8px;
    box-sizing: border-box;
  }

  /* Measures the element's width for the layout switch; see firstUpdated. */
  .sizer {
    position: absolute;
    top: 0;
    inset-inline: 0;
    height: 0;
    visibility: hidden;
    pointer-events: none;
  }

  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
  }

  .toolbar-group {
    display: inline-flex;
    align-items: stretch;
  }

  .toolbar-group > .button + .button {
    margin-inline-start: -1px;
  }

  .toolbar-group > .button:first-child {
    border-start-end-radius: 0;
    border-end-end-radius: 0;
  }

  .toolbar-group > .button:last-child {
    border-start-start-radius: 0;
    border-end-start-radius: 0;
  }

  .toolbar-group > .button:not(:first-child, :last-child) {
    border-radius: 0;
  }

  .toolbar-spacer {
    flex: 1 1 auto;
  }

  .button {
    min-height: 32px;
    min-width: 32px;
    padding: 0 10px;
    white-space: nowrap;
  }

  .button[aria-disabled='true'] {
    cursor: default;
    color: var(--_sl-color-text-muted);
    background: var(--_sl-color-surface);
  }

  .button:focus-visible,
  .mark:focus-visible,
  .cluster:focus-visible,
  .row:focus-visible,
  .retry:focus-visible {
    outline: 3px solid var(--_sl-color-focus-ring);
    outline-offset: 2px;
    position: relative;
    z-index: 3;
  }

  .plot {
    position: relative;
    overflow: hidden;
    border: 1px solid var(--_sl-color-grid);
    border-radius: var(--_sl-radius);
    background: var(--_sl-color-surface);
    touch-action: pan-y;
    user-select: none;
    -webkit-user-select: none;
    cursor: grab;
  }

  .plot:active {
    cursor: grabbing;
  }

  /* Size and layout containment make the grid, each track and the axis layout roots of their own, so that the marks and
     lines that change in every zoom frame do not lay out the whole document again. */
  .grid {
    position: absolute;
    inset: 0;
    contain: strict;
    pointer-events: none;
  }

  .gridline {
    position: absolute;
    top: 0;
    bottom: 0;
    left: 0;
    width: 1px;
    background: var(--_sl-color-grid);
    pointer-events: none;
  }

  .lane {
    position: relative;
    border-block-end: 1px solid var(--_sl-color-grid);
  }

  .lane-label {
    position: relative;
    z-index: 1;
    display: flex;
    gap: 6px;
    align-items: baseline;
    padding: 4px 8px 0;
    font-size: 0.75rem;
    font-weight: 600;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    pointer-events: none;
  }

  .lane-kind {
    font-weight: 400;
    color: var(--_sl-color-text-muted);
  }

  .track {
    position: relative;
    height: 40px;
    contain: strict;
  }

  .mark,
  .cluster {
    position: absolute;
    top: 6px;
    left: 0;
    box-sizing: border-box;
    /* A block with one line box lays out faster than a flex container, and marks are laid out again in every zoom frame. */
    display: block;
    height: 28px;
    min-width: 28px;
    padding: 0 4px;
    border: 0;
    font-size: 0.6875rem;
    font-weight: 700;
    line-height: 28px;
    text-align: center;
    letter-spacing: 0.02em;
    cursor: pointer;
    white-space: nowrap;
  }

  .mark {
    border-radius: 14px;
    background: var(--_mark-color, var(--_sl-modality-other));
    color: var(--_sl-color-mark-text);
  }

  .cluster {
    min-width: 32px;
    line-height: 24px;
    border: 2px solid var(--_sl-color-cluster-text);
    border-radius: 4px;
    background: var(--_sl-color-cluster);
    color: var(--_sl-color-cluster-text);
    /* A second outline offset up and right reads as a stack, so clusters differ from studies by shape too. */
    box-shadow:
      3px -3px 0 0 var(--_sl-color-cluster),
      3px -3px 0 2px var(--_sl-color-cluster-text);
  }

  .mark[aria-current='true'],
  .cluster.contains-selected {
    box-shadow:
      0 0 0 2px var(--_sl-color-surface),
      0 0 0 4px var(--_sl-color-text);
    z-index: 2;
  }

  .icon {
    display: block;
    width: 16px;
    height: 16px;
    margin: auto;
  }

  .mark.static {
    position: relative;
    top: auto;
  }

  .badge {
    position: absolute;
    top: -3px;
    right: -3px;
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--_sl-color-surface);
    border: 2px solid var(--_sl-color-text);
  }

  .axis {
    position: relative;
    height: 28px;
    contain: strict;
    font-size: 0.75rem;
    color: var(--_sl-color-text-muted);
  }

  .tick {
    position: absolute;
    top: 0;
    left: 0;
    padding: 6px 4px 0;
    border-inline-start: 1px solid var(--_sl-color-border);
    white-space: nowrap;
    pointer-events: none;
  }

  .tick.major {
    color: var(--_sl-color-text);
    font-weight: 600;
  }

  .undated {
    border: 1px dashed var(--_sl-color-border);
    border-radius: var(--_sl-radius);
  }

  .undated .lane-label {
    padding-block-end: 4px;
  }

  .undated-track {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    padding: 4px 8px 8px;
  }

  .tooltip {
    position: absolute;
    z-index: 10;
    top: 0;
    left: 0;
    max-width: min(280px, calc(100% - 16px));
    box-sizing: border-box;
    padding: 6px 8px;
    border-radius: var(--_sl-radius);
    background: var(--_sl-color-tooltip);
    color: var(--_sl-color-tooltip-text);
    font-size: 0.8125rem;
    box-shadow: 0 2px 8px rgb(0 0 0 / 30%);
  }

  .tooltip-title {
    font-weight: 700;
  }

  .tooltip-line {
    overflow-wrap: anywhere;
    hyphens: auto;
  }

  .message {
    padding: 24px 16px;
    text-align: center;
    color: var(--_sl-color-text-muted);
    border: 1px dashed var(--_sl-color-border);
    border-radius: var(--_sl-radius);
  }

  .error {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 8px;
    padding: 12px;
    border-radius: var(--_sl-radius);
    border-inline-start: 4px solid currentColor;
    background: var(--_sl-color-danger-surface);
    color: var(--_sl-color-danger-text);
  }

  .error-title {
    margin: 0;
    font-size: 1em;
    font-weight: 700;
  }

  .error ul {
    margin: 0;
    padding-inline-start: 1.25em;
  }

  .skeleton {
    display: flex;
    flex-direction: column;
    gap: 10px;
    padding: 12px;
    border: 1px solid var(--_sl-color-grid);
    border-radius: var(--_sl-radius);
  }

  .skeleton-lane {
    height: 28px;
    border-radius: 14px;
    background: linear-gradient(
      90deg,
      var(--_sl-color-skeleton) 0%,
      var(--_sl-color-surface) 50%,
      var(--_sl-color-skeleton) 100%
    );
    background-size: 200% 100%;
    animation: shimmer 1.4s ease-in-out infinite;
  }

  .skeleton-lane:nth-child(2) {
    width: 80%;
  }

  .skeleton-lane:nth-child(3) {
    width: 60%;
  }

  .skeleton-text {
    color: var(--_sl-color-text-muted);
  }

  .list {
    display: flex;
    flex-direction: column;
    gap: 12px;
  }

  .year-heading {
    position: sticky;
    top: 0;
    z-index: 1;
    display: flex;
    align-items: baseline;
    gap: 8px;
    margin: 0 0 4px;
    padding: 4px 0;
    font-size: 1rem;
    background: var(--_sl-color-background);
  }

  .year-count {
    font-size: 0.75rem;
    font-weight: 400;
    color: var(--_sl-color-text-muted);
  }

  .rows {
    margin: 0;
    padding: 0;
    list-style: none;
    display: flex;
    flex-direction: column;
    gap: 4px;
  }

  .row {
    display: grid;
    grid-template-columns: 7em auto minmax(0, 1fr);
    grid-template-areas:
      'date chip description'
      'detail source source';
    align-items: baseline;
    gap: 2px 8px;
    width: 100%;
    min-height: 44px;
    padding: 6px 8px;
    box-sizing: border-box;
    border: 1px solid var(--_sl-color-grid);
    border-radius: var(--_sl-radius);
    background: var(--_sl-color-surface);
    text-align: start;
    cursor: pointer;
  }

  .row[aria-current='true'] {
    border-color: var(--_sl-color-text);
    box-shadow: inset 4px 0 0 var(--_sl-color-accent);
  }

  .row-date {
    grid-area: date;
    font-variant-numeric: tabular-nums;
  }

  .row-detail {
    grid-area: detail;
    font-size: 0.75rem;
    color: var(--_sl-color-text-muted);
    font-variant-numeric: tabular-nums;
  }

  .chip {
    grid-area: chip;
    justify-self: start;
    padding: 2px 6px;
    border-radius: 10px;
    background: var(--_mark-color, var(--_sl-modality-other));
    color: var(--_sl-color-mark-text);
    font-size: 0.6875rem;
    font-weight: 700;
  }

  .row-description {
    grid-area: description;
    overflow-wrap: anywhere;
    hyphens: auto;
  }

  .row-source {
    grid-area: source;
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 2px 8px;
    font-size: 0.75rem;
    color: var(--_sl-color-text-muted);
  }

  .badge-text {
    padding: 1px 6px;
    border: 1px solid currentColor;
    border-radius: 10px;
    font-size: 0.6875rem;
    color: var(--_sl-color-text-muted);
  }

  .show-more {
    align-self: flex-start;
    margin-block-start: 4px;
  }

  @keyframes shimmer {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .skeleton-lane {
      animation: none;
    }
  }

  @media (forced-colors: active) {
    .mark,
    .cluster,
    .chip {
      border: 1px solid ButtonText;
    }

    .mark[aria-current='true'],
    .cluster.contains-selected,
    .row[aria-current='true'] {
      outline: 3px solid Highlight;
    }

    .badge {
      border-color: ButtonText;
    }
  }
`;
