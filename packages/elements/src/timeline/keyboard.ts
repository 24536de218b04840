/**
 * Keyboard actions of the timeline: Escape closes the tooltip, plus and
 * minus zoom around the focused mark, and the arrow keys, Home and End move
 * focus between marks (horizontal layout) or rows (vertical layout).
 */
import type { TimelineEntry } from './entries.js';
import { navigationTarget, type NavigationContext, type RenderedGroup } from './navigation.js';

const ZOOM_STEP = 2;
const NAVIGATION_KEYS = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'];

/** The action of a key. `ignore` leaves the event alone, and `consume` only prevents the browser's default. */
export type KeyAction =
  | { type: 'ignore' }
  | { type: 'consume' }
  | { type: 'hide-tooltip' }
  | { type: 'zoom'; factor: number; anchorX: number }
  | { type: 'focus'; entry: TimelineEntry };

export interface KeyboardContext {
  /** The element's shadow root. Keys from elsewhere, such as slotted toolbar content, are ignored. */
  root: ShadowRoot | null;
  tooltipShown: boolean;
  vertical: boolean;
  /** False when the horizontal layout has no scale yet. */
  canZoom: boolean;
  plotWidth: number;
  /** Returns the shown group with a key. */
  groupOfKey(key: string): RenderedGroup | undefined;
  /** Returns the entry of a study mark or row key. */
  entryOfKey(key: string): TimelineEntry | undefined;
  navigation(): NavigationContext;
  /** Returns the rows of the vertical layout in document order. */
  rows(): HTMLElement[];
}

/** Returns the action of a keydown event inside the timeline. */
export function keyAction(event: KeyboardEvent, context: KeyboardContext): KeyAction {
  if (event.key === 'Escape') return context.tooltipShown ? { type: 'hide-tooltip' } : { type: 'ignore' };
  if (event.altKey || event.ctrlKey || event.metaKey) return { type: 'ignore' };
  const origin = event.composedPath()[0] as Element;
  if (origin.closest?.('input, textarea, select, [contenteditable]')) return { type: 'ignore' };
  // Keys inside slotted toolbar content belong to that content.
  if (!context.root?.contains(origin)) return { type: 'ignore' };
  const item = origin.closest<HTMLElement>('[data-key]');
  const group = item ? context.groupOfKey(item.dataset.key ?? '') : undefined;

  if (event.key === '+' || event.key === '=' || event.key === '-' || event.key === '_') {
    if (context.vertical || !context.canZoom) return { type: 'ignore' };
    const anchorX = group !== undefined && !Number.isNaN(group.x) ? group.x : context.plotWidth / 2;
    return { type: 'zoom', factor: event.key === '+' || event.key === '=' ? ZOOM_STEP : 1 / ZOOM_STEP, anchorX };
  }
  if (item === null || item === undefined) return { type: 'ignore' };

  let target: TimelineEntry | undefined;
  if (context.vertical) target = rowTarget(context, item, event.key);
  else if (group !== undefined) target = navigationTarget(context.navigation(), group, event.key);
  if (target !== undefined) return { type: 'focus', entry: target };
  return NAVIGATION_KEYS.includes(event.key) ? { type: 'consume' } : { type: 'ignore' };
}

/** Returns the entry that a navigation key moves to from a row of the vertical layout. */
function rowTarget(context: KeyboardContext, item: HTMLElement, key: string): TimelineEntry | undefined {
  const rows = context.rows();
  const position = rows.indexOf(item);
  let targetRow: HTMLElement | undefined;
  if (key === 'ArrowDown') targetRow = rows[position + 1];
  else if (key === 'ArrowUp') targetRow = rows[position - 1];
  else if (key === 'Home') targetRow = rows[0];
  else if (key === 'End') targetRow = rows[rows.length - 1];
  return targetRow === undefined ? undefined : context.entryOfKey(targetRow.dataset.key ?? '');
}
