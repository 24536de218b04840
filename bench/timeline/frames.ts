/**
 * In-page timing for the timeline benchmark, shared by the Studyline and the
 * vis-timeline page so that both are measured the same way.
 */

/**
 * Resolves right after the browser has rendered the next frame: a
 * requestAnimationFrame callback runs at the start of a frame, and a message
 * posted from it is delivered as the next task, after that frame's style,
 * layout and paint. Raster and compositing run on other threads and are not included.
 */
export function nextFrameRendered(): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(0);
    });
  });
}

export interface FrameTimes {
  /** Per step: main-thread time from the start of the frame's first rAF callback to the end of its paint, in ms. */
  work: number[];
  /** Time between the starts of consecutive frames, in ms. */
  intervals: number[];
}

/**
 * Runs one step at the start of each frame, from a requestAnimationFrame
 * callback, and measures each frame's main-thread time as in
 * `nextFrameRendered`. The callback for the next frame is requested first, so
 * that it runs before any callback a library requests during a step and the
 * library's deferred work counts in the frame that does it. One trailing
 * frame without a step catches work deferred from the last step.
 */
export function runFrames(steps: readonly (() => void)[]): Promise<FrameTimes> {
  return new Promise((resolve) => {
    const work: number[] = [];
    const starts: number[] = [];
    const channel = new MessageChannel();
    let frameStart = 0;
    let index = 0;
    channel.port1.onmessage = () => {
      work.push(performance.now() - frameStart);
      if (work.length === steps.length + 1) {
        channel.port1.close();
        const intervals = starts.slice(1).map((start, position) => start - starts[position]);
        resolve({ work, intervals });
      }
    };
    const onFrame = (): void => {
      frameStart = performance.now();
      starts.push(frameStart);
      const step = steps[index];
      index += 1;
      if (index <= steps.length) requestAnimationFrame(onFrame);
      step?.();
      channel.port2.postMessage(0);
    };
    requestAnimationFrame(onFrame);
  });
}

export type TimeWindow = readonly [number, number];

export interface ScriptedWindows {
  zoom: TimeWindow[];
  pan: TimeWindow[];
}

export const ZOOM_STEPS = 30;
export const ZOOM_FACTOR_PER_STEP = 1.2;
export const PAN_STEPS = 30;
export const PAN_FRACTION_PER_STEP = 0.05;

/**
 * Returns the views of the scripted zoom and pan, the same for both
 * libraries. First come 30 frames zooming in by 1.2× per frame around the
 * middle of the history (237× in all) and 30 frames panning by 5 % of the
 * view per frame. Then 30 frames zoom back out to the whole history.
 */
export function scriptedWindows(extent: TimeWindow): ScriptedWindows {
  const [first, last] = extent;
  const fullWidth = last - first;
  const zoomIn: TimeWindow[] = [];
  const centre = first + fullWidth / 2;
  for (let step = 1; step <= ZOOM_STEPS; step++) {
    const width = fullWidth / ZOOM_FACTOR_PER_STEP ** step;
    zoomIn.push([centre - width / 2, centre + width / 2]);
  }
  const narrowest = fullWidth / ZOOM_FACTOR_PER_STEP ** ZOOM_STEPS;
  const pan: TimeWindow[] = [];
  for (let step = 1; step <= PAN_STEPS; step++) {
    const start = centre - narrowest / 2 + narrowest * PAN_FRACTION_PER_STEP * step;
    pan.push([start, start + narrowest]);
  }
  const zoomOut: TimeWindow[] = [];
  const panned = pan[pan.length - 1];
  const pannedCentre = (panned[0] + panned[1]) / 2;
  for (let step = ZOOM_STEPS - 1; step >= 0; step--) {
    const width = fullWidth / ZOOM_FACTOR_PER_STEP ** step;
    // Drift back towards the middle of the history while zooming out, so the last view is the whole history.
    const mix = 1 - step / ZOOM_STEPS;
    const stepCentre = pannedCentre + (centre - pannedCentre) * mix;
    zoomOut.push([stepCentre - width / 2, stepCentre + width / 2]);
  }
  return { zoom: [...zoomIn, ...zoomOut], pan };
}

export interface MountResult {
  /** From handing the data to the library to the end of the first frame that shows it, in ms. */
  ms: number;
  /** Marks and clusters, or vis-timeline items, in the DOM after that frame. */
  itemsInDom: number;
}

export interface InteractionResult {
  zoom: FrameTimes;
  pan: FrameTimes;
}

/** The API that each benchmark page puts on `window.timelineBench`. */
export interface TimelineBenchPage {
  prepare(count: number): void;
  mount(): Promise<MountResult>;
  /** Runs the scripted zoom and pan; with `'zoom'` only the zoom frames, for profiles. */
  interact(only?: 'zoom'): Promise<InteractionResult>;
  /** Runs the zoom frames and counts the DOM changes in them; Studyline's page only. */
  countMutations?(): Promise<MutationCounts>;
}

export interface MutationCounts {
  frames: number;
  /** Elements inserted and removed, and attributes changed, over all frames. */
  added: number;
  removed: number;
  attributes: number;
}

function countElements(nodes: NodeList): number {
  let count = 0;
  for (const node of nodes) if (node.nodeType === Node.ELEMENT_NODE) count++;
  return count;
}

/** Counts the DOM changes under `root` while `action` runs. */
export async function countMutationsDuring(root: Node, action: () => Promise<InteractionResult>): Promise<MutationCounts> {
  const counts: MutationCounts = { frames: 0, added: 0, removed: 0, attributes: 0 };
  const tally = (records: readonly MutationRecord[]): void => {
    for (const record of records) {
      if (record.type === 'attributes') counts.attributes++;
      counts.added += countElements(record.addedNodes);
      counts.removed += countElements(record.removedNodes);
    }
  };
  const observer = new MutationObserver(tally);
  observer.observe(root, { subtree: true, childList: true, attributes: true });
  const result = await action();
  tally(observer.takeRecords());
  observer.disconnect();
  counts.frames = result.zoom.work.length;
  return counts;
}

declare global {
  interface Window {
    timelineBench: TimelineBenchPage;
  }
}

/** Runs the scripted zoom-in frames, the pan frames and the zoom-out frames through `show`; with `only` no pan. */
export async function runScript(extent: TimeWindow, show: (window: TimeWindow) => void, only?: 'zoom'): Promise<InteractionResult> {
  const windows = scriptedWindows(extent);
  const [zoomIn, zoomOut] = [windows.zoom.slice(0, ZOOM_STEPS), windows.zoom.slice(ZOOM_STEPS)];
  const zoomInTimes = await runFrames(zoomIn.map((window) => () => show(window)));
  const pan = only === 'zoom' ? { work: [], intervals: [] } : await runFrames(windows.pan.map((window) => () => show(window)));
  const zoomOutTimes = await runFrames(zoomOut.map((window) => () => show(window)));
  return {
    zoom: {
      work: [...zoomInTimes.work, ...zoomOutTimes.work],
      intervals: [...zoomInTimes.intervals, ...zoomOutTimes.intervals],
    },
    pan,
  };
}
