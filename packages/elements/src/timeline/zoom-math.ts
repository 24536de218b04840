/**
 * Arithmetic for the timeline's zoom: the full domain, the zoom limits, and
 * transforms for a time window. Transforms act on x only, in the pixel space
 * of the fully zoomed-out scale.
 */

/**
 * A zoom and pan of the time axis: a base pixel `x0` shows at `x0 * k + x`.
 * Immutable, with the method names of d3-zoom's `ZoomTransform` (d3-zoom 3).
 * It keeps that class's `y` for the same calls, but the timeline never reads `y`.
 */
export class ZoomTransform {
  readonly k: number;
  readonly x: number;
  readonly y: number;

  constructor(k: number, x: number, y = 0) {
    this.k = k;
    this.x = x;
    this.y = y;
  }

  /** Returns this transform followed by a scaling by `k` around the origin. */
  scale(k: number): ZoomTransform {
    return k === 1 ? this : new ZoomTransform(this.k * k, this.x, this.y);
  }

  /** Returns this transform followed by a translation by `x` and `y` base pixels. */
  translate(x: number, y: number): ZoomTransform {
    return x === 0 && y === 0 ? this : new ZoomTransform(this.k, this.x + this.k * x, this.y + this.k * y);
  }

  applyX(x: number): number {
    return x * this.k + this.x;
  }

  invertX(x: number): number {
    return (x - this.x) / this.k;
  }
}

export const zoomIdentity = new ZoomTransform(1, 0, 0);

export const DAY_MS = 24 * 60 * 60 * 1000;
/** The deepest zoom shows this much time across the whole width. */
export const MIN_VISIBLE_SPAN_MS = 3 * DAY_MS;
/** A history shorter than this is shown within a window of this length, centred on it. */
export const MIN_DOMAIN_SPAN_MS = 365 * DAY_MS;
/** Space before the first and after the last study, as a fraction of the history's length. */
export const DOMAIN_PADDING = 0.04;

/** Returns the time domain of the fully zoomed-out view for a history's first and last study times. */
export function paddedDomain(extent: readonly [number, number]): [number, number] {
  const [first, last] = extent;
  const span = last - first;
  if (span < MIN_DOMAIN_SPAN_MS) {
    const centre = first + span / 2;
    return [centre - MIN_DOMAIN_SPAN_MS / 2, centre + MIN_DOMAIN_SPAN_MS / 2];
  }
  const padding = span * DOMAIN_PADDING;
  return [first - padding, last + padding];
}

/** Returns the largest zoom factor, at which `MIN_VISIBLE_SPAN_MS` fills the width. At least 1. */
export function maxZoomFactor(domain: readonly [number, number]): number {
  return Math.max(1, (domain[1] - domain[0]) / MIN_VISIBLE_SPAN_MS);
}

/**
 * Limits a transform to the zoom factors `[1, maxFactor]` and to translations
 * that keep the view within the full domain, for a view `width` pixels wide.
 */
export function constrainTransform(transform: ZoomTransform, width: number, maxFactor: number): ZoomTransform {
  const k = Math.min(maxFactor, Math.max(1, transform.k));
  // At factor k the view [0, width] shows base pixels [-x / k, (width - x) / k], which must stay within [0, width].
  const x = Math.min(0, Math.max(width - width * k, transform.x));
  return zoomIdentity.translate(x, 0).scale(k);
}

/** Scales a transform by `factor` around the view pixel `anchorX`, which keeps showing the same time. */
export function scaleAround(
  transform: ZoomTransform,
  factor: number,
  anchorX: number,
  width: number,
  maxFactor: number,
): ZoomTransform {
  const k = Math.min(maxFactor, Math.max(1, transform.k * factor));
  const baseX = transform.invertX(anchorX);
  return constrainTransform(zoomIdentity.translate(anchorX - baseX * k, 0).scale(k), width, maxFactor);
}

/**
 * Returns the transform that shows the base pixel range `[baseFrom, baseTo]`
 * across the view `[rangeStart, rangeEnd]`, within the limits.
 */
export function transformForRange(
  baseFrom: number,
  baseTo: number,
  rangeStart: number,
  rangeEnd: number,
  width: number,
  maxFactor: number,
): ZoomTransform {
  const span = Math.max(baseTo - baseFrom, Number.EPSILON);
  const k = Math.min(maxFactor, Math.max(1, (rangeEnd - rangeStart) / span));
  const centre = (baseFrom + baseTo) / 2;
  const viewCentre = (rangeStart + rangeEnd) / 2;
  return constrainTransform(zoomIdentity.translate(viewCentre - centre * k, 0).scale(k), width, maxFactor);
}
