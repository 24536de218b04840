/**
 * Keyboard navigation between the timeline's marks: which study a key moves
 * to, including studies outside the view, which the element then pans to.
 */
import { bisectLeft } from './bisect.js';
import type { MarkGroup } from './clusters.js';
import type { TimelineEntry } from './entries.js';
import type { Lane } from './lanes.js';

/** A mark or cluster as rendered, with its key and lane. The undated lane has the index `lanes.length`. */
export interface RenderedGroup extends MarkGroup {
  key: string;
  laneIndex: number;
}

export interface NavigationContext {
  lanes: readonly Lane[];
  undated: readonly TimelineEntry[];
  /** Shown groups per lane, the undated lane last. Undated groups have `x` NaN and index into `undated`. */
  renderedLanes: readonly (readonly RenderedGroup[])[];
  /** Width of the view in pixels. */
  viewWidth: number;
  /** Returns the time at a view pixel, or undefined when nothing is placed on the axis. */
  timeAt(x: number): number | undefined;
}

/**
 * Returns the study that a key moves to from a mark. ArrowLeft and ArrowRight
 * move to the previous or next study of the lane in time, and Home and End to
 * the lane's first or last. ArrowUp and ArrowDown move to the nearest study of
 * the lane above or below. Other keys, and moves past an end, return undefined.
 */
export function navigationTarget(context: NavigationContext, group: RenderedGroup, key: string): TimelineEntry | undefined {
  const { lanes, undated, renderedLanes } = context;
  const undatedIndex = lanes.length;

  if (group.laneIndex === undatedIndex) {
    const groups = renderedLanes[undatedIndex] ?? [];
    const position = groups.findIndex((candidate) => candidate.key === group.key);
    const shown = groups.map((candidate) => undated[candidate.start]);
    if (key === 'ArrowRight') return shown[position + 1];
    if (key === 'ArrowLeft') return shown[position - 1];
    if (key === 'Home') return shown[0];
    if (key === 'End') return shown[shown.length - 1];
    if (key === 'ArrowUp') return nearestInLane(context, lanes.length - 1, context.viewWidth / 2);
    return undefined;
  }

  const lane = lanes[group.laneIndex];
  switch (key) {
    case 'ArrowRight':
      return lane.entries[group.end];
    case 'ArrowLeft':
      return group.start > 0 ? lane.entries[group.start - 1] : undefined;
    case 'Home':
      return lane.entries[0];
    case 'End':
      return lane.entries[lane.entries.length - 1];
    case 'ArrowUp':
      return nearestInLane(context, group.laneIndex - 1, group.x);
    case 'ArrowDown': {
      if (group.laneIndex + 1 !== undatedIndex) return nearestInLane(context, group.laneIndex + 1, group.x);
      const firstUndated = renderedLanes[undatedIndex]?.[0];
      return firstUndated === undefined ? undefined : undated[firstUndated.start];
    }
    default:
      return undefined;
  }
}

/**
 * Returns the study of a dated lane nearest to the view pixel `x`: the first
 * study of the nearest shown mark when the lane has marks in view, else the
 * study nearest in time.
 */
export function nearestInLane(context: NavigationContext, laneIndex: number, x: number): TimelineEntry | undefined {
  const lane = context.lanes[laneIndex];
  if (lane === undefined || lane.entries.length === 0) return undefined;
  const shown = (context.renderedLanes[laneIndex] ?? []).filter((group) => group.x >= 0 && group.x <= context.viewWidth);
  if (shown.length > 0) {
    const nearest = shown.reduce((best, group) => (Math.abs(group.x - x) < Math.abs(best.x - x) ? group : best));
    return lane.entries[nearest.start];
  }
  const time = context.timeAt(x);
  if (time === undefined) return lane.entries[0];
  const after = Math.min(bisectLeft(lane.times, time), lane.entries.length - 1);
  const before = Math.max(after - 1, 0);
  return Math.abs(lane.times[before] - time) <= Math.abs(lane.times[after] - time) ? lane.entries[before] : lane.entries[after];
}
