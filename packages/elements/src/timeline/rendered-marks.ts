/**
 * The marks and clusters that the horizontal layout shows at the current
 * zoom, per lane, with the keys that the DOM, focus and clicks use.
 */
import { clusterLane } from './clusters.js';
import type { TimelineEntry } from './entries.js';
import type { LaneLayout } from './lanes.js';
import type { RenderedGroup } from './navigation.js';
import type { TimeScale } from './time-scale.js';

/** Studies closer than this, in pixels, to a cluster's first study join the cluster. */
const CLUSTER_GAP_PX = 32;
/** Minimum distance between the centres of two marks, so that they never overlap. */
const MARK_SEPARATION_PX = 34;

/** The lane of a dated entry and its position in the lane's sorted entries. */
export interface LaneLocation {
  laneIndex: number;
  position: number;
}

export interface MarkOptions {
  plotWidth: number;
  /** False at the deepest zoom, where every study gets its own mark. */
  cluster: boolean;
  /** Number of undated marks shown. */
  undatedLimit: number;
}

/**
 * The groups shown per lane, the undated lane last. Keys are `s<index>` for
 * a study, `c<first>-<last>` for a cluster and `u<index>` for an undated
 * study, by entry index.
 */
export class RenderedMarks {
  lanes: RenderedGroup[][] = [];
  byKey = new Map<string, RenderedGroup>();

  /** Clusters the visible studies of every lane for a scale, or shows only undated marks without one. */
  update(layout: LaneLayout, scale: TimeScale | undefined, options: MarkOptions): void {
    this.byKey = new Map();
    this.lanes = [];
    const { lanes, undated } = layout;
    if (scale !== undefined) {
      const clusterOptions = {
        viewStart: 0,
        viewEnd: options.plotWidth,
        minGap: CLUSTER_GAP_PX,
        minSeparation: MARK_SEPARATION_PX,
        cluster: options.cluster,
      };
      lanes.forEach((lane, laneIndex) => {
        const groups = clusterLane(lane.times, scale, clusterOptions).map((group): RenderedGroup => {
          const first = lane.entries[group.start];
          const key = group.end - group.start === 1 ? `s${first.index}` : `c${first.index}-${lane.entries[group.end - 1].index}`;
          return { ...group, key, laneIndex };
        });
        this.lanes.push(groups);
      });
    } else {
      lanes.forEach(() => this.lanes.push([]));
    }
    const undatedGroups = undated
      .slice(0, options.undatedLimit)
      .map((entry, position): RenderedGroup => ({ start: position, end: position + 1, x: Number.NaN, key: `u${entry.index}`, laneIndex: lanes.length }));
    this.lanes.push(undatedGroups);
    for (const groups of this.lanes) {
      for (const group of groups) this.byKey.set(group.key, group);
    }
  }

  /** Returns the key of the one mark with tabindex 0: the active study's mark when shown, else the first mark in view. */
  tabStopKey(activeKey: string | undefined, plotWidth: number): string | undefined {
    if (activeKey !== undefined) return activeKey;
    for (const groups of this.lanes) {
      const visible = groups.find((group) => Number.isNaN(group.x) || (group.x >= 0 && group.x <= plotWidth));
      if (visible !== undefined) return visible.key;
    }
    return undefined;
  }

  /** Returns the key of the shown mark or cluster that contains an entry, given the dated entries' lane locations. */
  keyOfEntry(entryIndex: number, location: LaneLocation | undefined): string | undefined {
    if (location === undefined) {
      const key = `u${entryIndex}`;
      return this.byKey.has(key) ? key : undefined;
    }
    const group = this.lanes[location.laneIndex]?.find((candidate) => candidate.start <= location.position && location.position < candidate.end);
    return group?.key;
  }

  /** Returns the entries behind a shown group. */
  entriesOf(group: RenderedGroup, layout: LaneLayout): TimelineEntry[] {
    if (group.laneIndex >= layout.lanes.length) return layout.undated.slice(group.start, group.end);
    return layout.lanes[group.laneIndex].entries.slice(group.start, group.end);
  }
}
