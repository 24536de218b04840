/**
 * Pointer and wheel gestures that zoom and pan the time axis of one element:
 * - wheel: zooms around the pointer, 2× per 500 px of `deltaY` (10× faster
 *   with Ctrl, which is how trackpads send a pinch);
 * - drag with the mouse, a pen or one finger: pans;
 * - two fingers: pinch to zoom around their midpoint, and pan with it;
 * - double click or double tap: zooms in 2× around the pointer, out with Shift.
 *
 * It replaces d3-zoom 3, whose behaviour it follows for these gestures (the
 * wheel formula, the 150 ms wheel gesture, the 4 px click distance, the
 * 500 ms and 10 px of a double tap). d3-zoom imports d3-transition,
 * d3-interpolate, d3-color, d3-ease, d3-timer, d3-drag, d3-dispatch and
 * d3-selection (about 55 kB minified) for animated transitions that the
 * timeline never runs, and d3-transition patches d3-selection's prototype on
 * import, so no bundler can leave them out. It uses Pointer Events, so
 * mouse, pen and touch share one path.
 */
import { ZoomTransform } from './zoom-math.js';

/** A pointer that moves further than this, in CSS pixels, drags: the click that follows does not count. */
const CLICK_DISTANCE_PX = 4;
/** A wheel gesture ends when no wheel event came for this long. */
const WHEEL_IDLE_MS = 150;
/** Two taps within this time and distance are a double tap. */
const DOUBLE_TAP_MS = 500;
const DOUBLE_TAP_DISTANCE_PX = 10;

/** The kind of gesture that an event would start, for `ZoomGestureHandlers.accepts`. */
export type GestureKind = 'wheel' | 'drag' | 'double';

export interface ZoomGestureHandlers {
  /** Returns the current transform. */
  transform(): ZoomTransform;
  /** Returns a transform limited to the allowed zoom factors and translations. */
  constrain(transform: ZoomTransform): ZoomTransform;
  /** Applies a transform that a gesture produced, already constrained. */
  zoom(transform: ZoomTransform): void;
  /** Returns whether an event may start a gesture; `target` is the element under the pointer where it started. */
  accepts(event: MouseEvent, kind: GestureKind, target: EventTarget | null): boolean;
  /** Called when a gesture starts and when it ends. */
  start(): void;
  end(): void;
}

interface TrackedPointer {
  x: number;
  y: number;
  startX: number;
  startY: number;
}

/** The reference of a drag or pinch: the base pixel under the pointers' centre, and for a pinch their distance. */
interface GestureReference {
  baseX: number;
  k: number;
  distance: number;
}

interface Tap {
  time: number;
  x: number;
  y: number;
}

/** Listens for zoom and pan gestures on an element until `disconnect()`. */
export class ZoomGestures {
  private readonly element: HTMLElement;
  private readonly handlers: ZoomGestureHandlers;
  private readonly pointers = new Map<number, TrackedPointer>();
  private reference: GestureReference | undefined;
  private moved = false;
  /** True while the gesture has had two pointers, which no tap can follow. */
  private pinched = false;
  private pointerTarget: EventTarget | null = null;
  private lastTap: Tap | undefined;
  /** Time of the last double tap, so that a `dblclick` that the browser may add does not zoom twice. */
  private lastDoubleTap = Number.NEGATIVE_INFINITY;
  private wheelTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(element: HTMLElement, handlers: ZoomGestureHandlers) {
    this.element = element;
    this.handlers = handlers;
    element.addEventListener('wheel', this.onWheel, { passive: false });
    element.addEventListener('pointerdown', this.onPointerDown);
    element.addEventListener('dblclick', this.onDoubleClick);
  }

  /** Removes every listener and ends a gesture in progress. */
  disconnect(): void {
    this.element.removeEventListener('wheel', this.onWheel);
    this.element.removeEventListener('pointerdown', this.onPointerDown);
    this.element.removeEventListener('dblclick', this.onDoubleClick);
    if (this.wheelTimer !== undefined) this.endWheel();
    if (this.pointers.size > 0) {
      this.pointers.clear();
      this.endPointers();
    }
  }

  /** Returns an event's position in the element's padding box, where the plot's pixels start. */
  private local(event: MouseEvent): { x: number; y: number } {
    const box = this.element.getBoundingClientRect();
    return { x: event.clientX - box.left - this.element.clientLeft, y: event.clientY - box.top - this.element.clientTop };
  }

  private readonly onWheel = (event: WheelEvent): void => {
    if (!this.handlers.accepts(event, 'wheel', event.target)) return;
    const current = this.handlers.transform();
    const next = this.handlers.constrain(scaledAround(current, current.k * 2 ** wheelDelta(event), this.local(event).x));
    // A wheel event that cannot change the zoom is left to the page, so that it scrolls, unless a wheel gesture is on.
    if (this.wheelTimer === undefined && next.k === current.k) return;
    event.preventDefault();
    if (this.wheelTimer === undefined) this.handlers.start();
    else clearTimeout(this.wheelTimer);
    this.wheelTimer = setTimeout(() => this.endWheel(), WHEEL_IDLE_MS);
    this.handlers.zoom(next);
  };

  private endWheel(): void {
    clearTimeout(this.wheelTimer);
    this.wheelTimer = undefined;
    this.handlers.end();
  }

  private readonly onPointerDown = (event: PointerEvent): void => {
    if (!event.isPrimary && this.pointers.size === 0) return;
    if (this.pointers.size === 0 && !this.handlers.accepts(event, 'drag', event.target)) return;
    const { x, y } = this.local(event);
    this.pointers.set(event.pointerId, { x, y, startX: x, startY: y });
    if (this.pointers.size === 1) {
      this.moved = false;
      this.pinched = false;
      this.pointerTarget = event.target;
      // Moves and releases outside the element still belong to the gesture; touch pointers are captured by the browser.
      window.addEventListener('pointermove', this.onPointerMove, true);
      window.addEventListener('pointerup', this.onPointerUp, true);
      window.addEventListener('pointercancel', this.onPointerUp, true);
      this.handlers.start();
    }
    if (this.pointers.size >= 2) this.pinched = true;
    this.reference = this.currentReference();
  };

  private readonly onPointerMove = (event: PointerEvent): void => {
    const pointer = this.pointers.get(event.pointerId);
    if (pointer === undefined || this.reference === undefined) return;
    const { x, y } = this.local(event);
    pointer.x = x;
    pointer.y = y;
    if (!this.moved) this.moved = Math.hypot(x - pointer.startX, y - pointer.startY) > CLICK_DISTANCE_PX;

    const { centre, distance } = this.pointerGeometry();
    const k = this.reference.distance > 0 && distance > 0 ? (this.reference.k * distance) / this.reference.distance : this.reference.k;
    // The base pixel that was under the pointers' centre at the start stays under their centre.
    this.handlers.zoom(this.handlers.constrain(new ZoomTransform(k, centre - this.reference.baseX * k)));
  };

  private readonly onPointerUp = (event: PointerEvent): void => {
    const pointer = this.pointers.get(event.pointerId);
    if (pointer === undefined) return;
    this.pointers.delete(event.pointerId);
    if (this.pointers.size > 0) {
      // The remaining finger goes on panning from where it is.
      this.reference = this.currentReference();
      return;
    }
    const tapped = event.type === 'pointerup' && event.pointerType === 'touch' && !this.moved && !this.pinched;
    this.endPointers();
    if (tapped) this.onTap(event, pointer);
  };

  private endPointers(): void {
    window.removeEventListener('pointermove', this.onPointerMove, true);
    window.removeEventListener('pointerup', this.onPointerUp, true);
    window.removeEventListener('pointercancel', this.onPointerUp, true);
    this.reference = undefined;
    if (this.moved) suppressNextClick();
    this.handlers.end();
  }

  private onTap(event: PointerEvent, pointer: TrackedPointer): void {
    const previous = this.lastTap;
    this.lastTap = { time: event.timeStamp, x: pointer.x, y: pointer.y };
    if (previous === undefined || event.timeStamp - previous.time > DOUBLE_TAP_MS) return;
    if (Math.hypot(pointer.x - previous.x, pointer.y - previous.y) >= DOUBLE_TAP_DISTANCE_PX) return;
    this.lastTap = undefined;
    // The check gets the element that the second tap started on, such as a mark.
    if (!this.handlers.accepts(event, 'double', this.pointerTarget)) return;
    this.lastDoubleTap = event.timeStamp;
    this.zoomAround(pointer.x, 2);
  }

  private readonly onDoubleClick = (event: MouseEvent): void => {
    if (event.timeStamp - this.lastDoubleTap < DOUBLE_TAP_MS) return;
    if (!this.handlers.accepts(event, 'double', event.target)) return;
    event.preventDefault();
    this.zoomAround(this.local(event).x, event.shiftKey ? 0.5 : 2);
  };

  private zoomAround(x: number, factor: number): void {
    const current = this.handlers.transform();
    this.handlers.start();
    this.handlers.zoom(this.handlers.constrain(scaledAround(current, current.k * factor, x)));
    this.handlers.end();
  }

  private currentReference(): GestureReference {
    const { centre, distance } = this.pointerGeometry();
    const transform = this.handlers.transform();
    return { baseX: transform.invertX(centre), k: transform.k, distance };
  }

  /** Returns the centre of the first two pointers (or the one pointer) and their distance (0 for one). */
  private pointerGeometry(): { centre: number; distance: number } {
    const [first, second] = this.pointers.values();
    if (second === undefined) return { centre: first.x, distance: 0 };
    return { centre: (first.x + second.x) / 2, distance: Math.hypot(second.x - first.x, second.y - first.y) };
  }
}

/** Returns the zoom-factor exponent of a wheel event, as d3-zoom's default `wheelDelta`. */
function wheelDelta(event: WheelEvent): number {
  const perUnit = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? 0.05 : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? 1 : 0.002;
  return -event.deltaY * perUnit * (event.ctrlKey ? 10 : 1);
}

/** Returns a transform with zoom factor `k` that keeps showing at view pixel `x` what `transform` shows there. */
function scaledAround(transform: ZoomTransform, k: number, x: number): ZoomTransform {
  return new ZoomTransform(k, x - transform.invertX(x) * k);
}

/** Stops the click that a browser fires after a drag ends over the element where it started. */
function suppressNextClick(): void {
  const stop = (event: Event): void => {
    event.stopPropagation();
    event.preventDefault();
  };
  window.addEventListener('click', stop, { capture: true, once: true });
  // The click, if any, comes in the same task as the pointerup.
  setTimeout(() => window.removeEventListener('click', stop, true), 0);
}
