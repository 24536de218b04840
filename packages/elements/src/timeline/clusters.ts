/**
 * Clustering of a lane's marks in pixel space, recomputed on every zoom and
 * pan over the visible part of the lane only.
 */
import { bisectLeft, bisectRight } from './bisect.js';

/** A linear map from time to pixels: `x = time * pixelsPerMs + offset`. */
export interface PixelMapping {
  pixelsPerMs: number;
  offset: number;
}

export interface ClusterOptions {
  /** Visible pixel range of the lane. */
  viewStart: number;
  viewEnd: number;
  /** Marks whose centres lie closer than this, in pixels, to a cluster's first mark join that cluster. */
  minGap: number;
  /** Minimum distance in pixels between the centres of two shown marks. Closer ones are pushed to the right. */
  minSeparation: number;
  /** When false, every study gets its own mark, for the deepest zoom where clusters could not split any further. */
  cluster: boolean;
}

/** One shown mark: a single study when `end - start === 1`, else a cluster. */
export interface MarkGroup {
  /** Index of the first study in the lane's sorted arrays. */
  start: number;
  /** Index after the last study. */
  end: number;
  /** Centre of the mark in pixels. */
  x: number;
}

// Scanning starts at a grid line in translation-free pixels, so that the clusters stay the same while the user pans
// within one grid cell. Without it, every pan step could regroup the marks near the left edge.
const ANCHOR_GRID_GAPS = 8;

/**
 * Groups the visible studies of one lane. `times` must be sorted ascending.
 * A cluster starts at a study and takes every following study less than
 * `minGap` pixels after it. The work is proportional to the number of studies
 * in view, found by binary search.
 */
export function clusterLane(times: ArrayLike<number>, mapping: PixelMapping, options: ClusterOptions): MarkGroup[] {
  const { pixelsPerMs, offset } = mapping;
  const { viewStart, viewEnd, minGap, minSeparation } = options;
  if (!(pixelsPerMs > 0) || times.length === 0 || !(viewEnd > viewStart)) return [];

  const grid = Math.max(1, minGap) * ANCHOR_GRID_GAPS;
  const scanFrom = Math.floor((viewStart - minGap - offset) / grid) * grid;
  const scanTo = viewEnd + minGap - offset;
  const first = bisectLeft(times, scanFrom / pixelsPerMs);
  const last = bisectRight(times, scanTo / pixelsPerMs);

  const groups: MarkGroup[] = [];
  let index = first;
  while (index < last) {
    const anchor = times[index] * pixelsPerMs;
    let next = index + 1;
    if (options.cluster) {
      while (next < times.length && times[next] * pixelsPerMs - anchor < minGap) next += 1;
    }
    const end = times[next - 1] * pixelsPerMs;
    groups.push({ start: index, end: next, x: (anchor + end) / 2 + offset });
    index = next;
  }

  // Push marks apart so that they never overlap, for example studies with the same date at the deepest zoom.
  for (let position = 1; position < groups.length; position += 1) {
    const minimumX = groups[position - 1].x + minSeparation;
    if (groups[position].x < minimumX) groups[position].x = minimumX;
  }

  const margin = Math.max(minGap, minSeparation);
  return groups.filter((group) => group.x >= viewStart - margin && group.x <= viewEnd + margin);
}

/** Counts the entries of a sorted time array within `[from, to]`. */
export function countInRange(times: ArrayLike<number>, from: number, to: number): number {
  return Math.max(0, bisectRight(times, to) - bisectLeft(times, from));
}
