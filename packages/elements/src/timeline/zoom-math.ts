/**
 * Arithmetic for the timeline's zoom: the full domain, the zoom limits, and
 * transforms for a time window. Transforms are d3-zoom transforms that act on
 * x only, in the pixel space of the fully zoomed-out scale.
 */
import { zoomIdentity, type ZoomTransform } from 'd3-zoom';

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
