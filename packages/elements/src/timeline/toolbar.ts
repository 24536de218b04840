/**
 * The timeline's toolbar: the lane-mode switch and the zoom buttons, shown
 * with the horizontal layout, and the host's own controls in the `toolbar` slot.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { LocalizeController } from '../shared/localize.js';
import type { LaneMode } from './lanes.js';

export const LANE_MODES: readonly LaneMode[] = ['source', 'modality'];

export interface ToolbarView {
  localize: LocalizeController;
  /** Shows the lane-mode switch and the zoom buttons. */
  horizontal: boolean;
  laneMode: LaneMode;
  canZoomIn: boolean;
  canZoomOut: boolean;
  onLaneMode(mode: LaneMode): void;
  onZoomIn(): void;
  onZoomOut(): void;
  onZoomToFit(): void;
}

export function renderToolbar(view: ToolbarView): TemplateResult {
  const { localize, canZoomIn, canZoomOut } = view;
  return html`
    <div part="toolbar" class="toolbar">
      ${view.horizontal
        ? html`
            <div part="lane-mode" class="toolbar-group" role="group" aria-label=${localize.term('laneModeLabel')}>
              ${LANE_MODES.map(
                (mode) => html`
                  <button
                    part="button"
                    class="button"
                    type="button"
                    data-lane-mode=${mode}
                    aria-pressed=${view.laneMode === mode ? 'true' : 'false'}
                    @click=${() => view.onLaneMode(mode)}
                  >
                    ${localize.term(mode === 'source' ? 'laneModeSource' : 'laneModeModality')}
                  </button>
                `,
              )}
            </div>
            <div part="zoom-controls" class="toolbar-group" role="group" aria-label=${localize.term('zoomLabel')}>
              <button
                part="button"
                class="button"
                type="button"
                data-zoom="out"
                aria-label=${localize.term('zoomOut')}
                title=${localize.term('zoomOut')}
                aria-disabled=${canZoomOut ? 'false' : 'true'}
                @click=${view.onZoomOut}
              >
                <svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M3 8h10" /></svg>
              </button>
              <button
                part="button"
                class="button"
                type="button"
                data-zoom="in"
                aria-label=${localize.term('zoomIn')}
                title=${localize.term('zoomIn')}
                aria-disabled=${canZoomIn ? 'false' : 'true'}
                @click=${view.onZoomIn}
              >
                <svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M3 8h10M8 3v10" /></svg>
              </button>
              <button
                part="button"
                class="button"
                type="button"
                data-zoom="fit"
                aria-disabled=${canZoomOut ? 'false' : 'true'}
                @click=${view.onZoomToFit}
              >
                ${localize.term('zoomFit')}
              </button>
            </div>
          `
        : nothing}
      <span class="toolbar-spacer"></span>
      <slot name="toolbar"></slot>
    </div>
  `;
}
