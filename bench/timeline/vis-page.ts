/**
 * The vis-timeline page of the timeline benchmark: vis-timeline 8 (the
 * `peer` build with vis-data) with its default options, one group per source,
 * in a 1200 × 600 px container.
 */
import { DataSet } from 'vis-data/peer';
import { Timeline } from 'vis-timeline/peer';
import 'vis-timeline/styles/vis-timeline-graph2d.min.css';
import { benchHistory, historyExtent, visGroups, visItems, type VisGroup, type VisItem } from './history.js';
import { nextFrameRendered, runScript, type MountResult, type TimeWindow } from './frames.js';

let items: VisItem[] = [];
let groups: VisGroup[] = [];
let extent: TimeWindow = [0, 0];
let timeline: Timeline | undefined;

function host(): HTMLElement {
  const element = document.getElementById('host');
  if (element === null) throw new Error('The page has no #host element.');
  return element;
}

window.timelineBench = {
  prepare(count: number): void {
    const studies = benchHistory(count);
    items = visItems(studies);
    groups = visGroups();
    extent = historyExtent(studies);
  },

  async mount(): Promise<MountResult> {
    const start = performance.now();
    // onInitialDrawComplete is vis-timeline's signal that the items are drawn and the timeline is made visible.
    await new Promise<void>((resolve) => {
      timeline = new Timeline(host(), new DataSet(items), new DataSet(groups), {
        width: '100%',
        height: '600px',
        onInitialDrawComplete: () => resolve(),
      });
    });
    const end = await nextFrameRendered();
    return { ms: end - start, itemsInDom: host().querySelectorAll('.vis-item.vis-box').length };
  },

  interact(only?: 'zoom') {
    const current = timeline;
    if (current === undefined) throw new Error('mount() was not called.');
    return runScript(extent, (window: TimeWindow) => current.setWindow(window[0], window[1], { animation: false }), only);
  },
};
