/** The Studyline page of the timeline benchmark: `<studyline-timeline>` in a 1200 × 600 px container. */
import type { Study } from '@studyline/core';
import '@studyline/elements/timeline/define.js';
import { benchHistory, historyExtent } from './history.js';
import { countMutationsDuring, nextFrameRendered, runScript, type MountResult, type TimeWindow } from './frames.js';

let studies: Study[] = [];
let timeline: HTMLElementTagNameMap['studyline-timeline'] | undefined;

function host(): HTMLElement {
  const element = document.getElementById('host');
  if (element === null) throw new Error('The page has no #host element.');
  return element;
}

function itemsInDom(): number {
  return timeline?.shadowRoot?.querySelectorAll('[part~="mark"], [part~="cluster"]').length ?? 0;
}

window.timelineBench = {
  prepare(count: number): void {
    studies = benchHistory(count);
  },

  async mount(): Promise<MountResult> {
    const start = performance.now();
    timeline = document.createElement('studyline-timeline');
    timeline.layout = 'horizontal';
    timeline.studies = studies;
    host().append(timeline);
    // updateComplete resolves to false while an update schedules another one, as the first plot measurement does.
    while (!(await timeline.updateComplete));
    const end = await nextFrameRendered();
    return { ms: end - start, itemsInDom: itemsInDom() };
  },

  interact(only?: 'zoom') {
    const element = timeline;
    if (element === undefined) throw new Error('mount() was not called.');
    return runScript(historyExtent(studies), (window: TimeWindow) => element.zoomToRange(window[0], window[1]), only);
  },

  countMutations() {
    const root = timeline?.shadowRoot;
    if (root === undefined || root === null) throw new Error('mount() was not called.');
    return countMutationsDuring(root, () => this.interact('zoom'));
  },
};
