/**
 * Accessible names of the horizontal layout's marks and clusters, cached by
 * mark key. Every zoom frame renders dozens of marks, and formatting their
 * dates and cluster ranges anew took about a third of the frames' script
 * time in a profile of 10,000 studies.
 */
import type { LocalizeController } from '../shared/localize.js';
import type { TimelineEntry } from './entries.js';
import type { LaneLayout } from './lanes.js';
import { clusterDayText, clusterLabel, studyLabel } from './study-text.js';

/** The cache starts afresh beyond this many labels, so that long zoom sessions do not grow it without bound. */
const MAX_LABELS = 4096;

/**
 * A cache of labels for one lane layout and one catalog and locale. A
 * cluster's key names its first and last study, and a lane's studies are
 * sorted, so within one layout a key always stands for the same studies.
 */
export class MarkLabels {
  private readonly labels = new Map<string, string>();
  /** Cluster range dates by time. */
  private readonly days = new Map<number, string>();
  private layout: LaneLayout | undefined;
  private messages: unknown;
  private locale = '';

  /** Empties the cache when the layout, the catalog or the locale differ from the cached labels'. */
  use(layout: LaneLayout, localize: LocalizeController): void {
    if (layout === this.layout && localize.messages === this.messages && localize.locale === this.locale) return;
    this.labels.clear();
    this.days.clear();
    this.layout = layout;
    this.messages = localize.messages;
    this.locale = localize.locale;
  }

  study(localize: LocalizeController, key: string, entry: TimelineEntry): string {
    let label = this.labels.get(key);
    if (label === undefined) {
      label = studyLabel(localize, entry);
      this.store(key, label);
    }
    return label;
  }

  cluster(localize: LocalizeController, key: string, count: number, first: TimelineEntry, last: TimelineEntry): string {
    let label = this.labels.get(key);
    if (label === undefined) {
      label = clusterLabel(localize, count, first, last, (time) => this.day(localize, time));
      this.store(key, label);
    }
    return label;
  }

  private day(localize: LocalizeController, time: number): string {
    let text = this.days.get(time);
    if (text === undefined) {
      text = clusterDayText(localize, time);
      if (this.days.size >= MAX_LABELS) this.days.clear();
      this.days.set(time, text);
    }
    return text;
  }

  private store(key: string, label: string): void {
    if (this.labels.size >= MAX_LABELS) this.labels.clear();
    this.labels.set(key, label);
  }
}
