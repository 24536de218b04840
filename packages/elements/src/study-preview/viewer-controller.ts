/**
 * The stack viewer of a study preview: retrieves a series' instances through
 * the adapter, hands them to Cornerstone3D as they stream in, and keeps the
 * state that the preview renders.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { StudylineError, type Series, type Study, type StudylineAdapter } from '@studyline/core';
import type { CornerstoneStack, WindowLevel } from './cornerstone-stack.js';
import { schedulerFor } from './request-scheduler.js';

export type ViewerStatus = 'closed' | 'loading' | 'ready' | 'error';

/** Reason the viewer shows no image. */
export type ViewerProblem =
  /** The retrieve failed before any image arrived. `error` contains the cause. */
  | 'retrieve-failed'
  /** Cornerstone could not be loaded or started. */
  | 'viewer-failed'
  /** Every object of the series arrived, but none contains an image. */
  | 'no-images';

export interface ViewerState {
  status: ViewerStatus;
  series?: Series;
  /** Instances received so far. */
  received: number;
  /** Number of instances in the series, when the source sent it. */
  expected?: number;
  /** Images (frames) in the stack so far. */
  imageCount: number;
  /** Index of the image on screen, from 0. */
  index: number;
  /** True while instances are still arriving. */
  streaming: boolean;
  /** Objects that arrived without an image: not DICOM, or without pixel data. */
  skipped: number;
  /** Images that the image loader could not decode. */
  failedImages: number;
  /** Set when the retrieve ended before every instance arrived, with the adapter's reason. */
  incompleteReason?: string;
  problem?: ViewerProblem;
  error?: unknown;
  windowLevel?: WindowLevel;
}

const CLOSED: ViewerState = { status: 'closed', received: 0, imageCount: 0, index: 0, streaming: false, skipped: 0, failedImages: 0 };

/** Time between two updates of the stack while instances stream in, in milliseconds. */
const SHOW_INTERVAL_MS = 250;

export interface ViewerControllerOptions {
  /** Returns the element Cornerstone renders into, once the host has rendered it. */
  viewportElement: () => HTMLDivElement | null | undefined;
}

export class SeriesViewerController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly options: ViewerControllerOptions;
  private current: ViewerState = CLOSED;
  private abortController: AbortController | undefined;
  private stack: CornerstoneStack | undefined;
  private resizeObserver: ResizeObserver | undefined;

  constructor(host: ReactiveControllerHost, options: ViewerControllerOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  get state(): ViewerState {
    return this.current;
  }

  /**
   * Opens a series: closes the one shown, retrieves the instances at high
   * priority, and shows the first image as soon as it arrives.
   */
  open(adapter: StudylineAdapter, study: Study, series: Series): Promise<void> {
    this.close();
    const abortController = new AbortController();
    this.abortController = abortController;
    const { signal } = abortController;
    this.setState({ ...CLOSED, status: 'loading', series, expected: series.numberOfInstances, streaming: true });

    // Cornerstone loads while the first instance is on its way.
    const stackModule = import('./cornerstone-stack.js');
    stackModule.catch(() => undefined);

    return schedulerFor(adapter)
      .run('high', () => this.retrieve(adapter, study, series, stackModule, signal), signal)
      .catch((error: unknown) => {
        if (signal.aborted) return;
        const problem: ViewerProblem = this.stack === undefined && this.current.received > 0 ? 'viewer-failed' : 'retrieve-failed';
        if (this.current.imageCount > 0) {
          // Images already on screen stay; the rest of the series is missing.
          this.setState({ ...this.current, streaming: false, incompleteReason: error instanceof Error ? error.message : String(error) });
          return;
        }
        this.setState({ ...this.current, status: 'error', streaming: false, problem, error });
      });
  }

  /**
   * Opens the viewer on a series without images (a report, a key object
   * selection) to say so, without retrieving it or loading Cornerstone.
   */
  showWithoutImages(series: Series): void {
    this.close();
    this.setState({ ...CLOSED, status: 'error', series, problem: 'no-images' });
  }

  /** Closes the viewer: aborts the retrieve and frees Cornerstone's images. */
  close(): void {
    this.abortController?.abort();
    this.abortController = undefined;
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.stack?.destroy();
    this.stack = undefined;
    if (this.current.status !== 'closed') this.setState(CLOSED);
  }

  /** Moves `delta` images forward or back. */
  scroll(delta: number): void {
    void this.stack?.scroll(delta);
  }

  /** Shows the image at `index`, from 0. */
  showImage(index: number): void {
    void this.stack?.showImage(index);
  }

  adjustWindowLevel(dx: number, dy: number): void {
    this.stack?.adjustWindowLevel(dx, dy);
  }

  /** Restores the image's own window, level, zoom and position. */
  reset(): void {
    this.stack?.reset();
  }

  hostConnected(): void {
    // Nothing to restore: a preview that is moved in the DOM opens its series again on request.
  }

  hostDisconnected(): void {
    this.close();
  }

  private async retrieve(
    adapter: StudylineAdapter,
    study: Study,
    series: Series,
    stackModule: Promise<typeof import('./cornerstone-stack.js')>,
    signal: AbortSignal,
  ): Promise<void> {
    // NOTE: every instance of the series stays in memory until the viewer closes. A series of thousands of
    // instances would need instances retrieved on demand around the image on screen instead.
    const stream = adapter.retrieveStudy(study, {
      seriesInstanceUid: series.seriesInstanceUid,
      expectedInstances: series.numberOfInstances,
      signal,
    });
    let lastShow = 0;
    for await (const instance of stream) {
      if (signal.aborted) return;
      this.patch({ received: this.current.received + 1 });
      const stack = this.stack ?? (await this.createStack(stackModule, signal));
      if (signal.aborted) return;
      const result = stack.add(instance.data);
      if (result.added === 0) {
        this.patch({ skipped: this.current.skipped + 1 });
        continue;
      }
      this.patch({ imageCount: stack.count });
      const first = stack.shownCount === 0;
      if (first || Date.now() - lastShow >= SHOW_INTERVAL_MS) {
        lastShow = Date.now();
        await stack.show();
        if (signal.aborted) return;
        this.patch({ status: 'ready', index: stack.index, windowLevel: stack.windowLevel });
      }
    }
    const result = await stream.result;
    if (signal.aborted) return;
    if (this.stack !== undefined) await this.stack.show();
    if (signal.aborted) return;
    const done: Partial<ViewerState> = { streaming: false, imageCount: this.stack?.count ?? 0 };
    if (!result.complete) done.incompleteReason = result.reason ?? '';
    if (done.imageCount === 0) {
      // Nothing shown because the retrieve broke off is a failed load, not a series without images.
      if (!result.complete && this.current.skipped === 0) {
        const error = new StudylineError('truncated', result.reason ?? 'The retrieve ended before any image arrived.');
        this.patch({ ...done, status: 'error', problem: 'retrieve-failed', error });
        return;
      }
      this.patch({ ...done, status: 'error', problem: 'no-images' });
      return;
    }
    this.patch({ ...done, status: 'ready', index: this.stack?.index ?? 0 });
  }

  private async createStack(stackModule: Promise<typeof import('./cornerstone-stack.js')>, signal: AbortSignal): Promise<CornerstoneStack> {
    const { CornerstoneStack: Stack } = await stackModule;
    await this.host.updateComplete;
    signal.throwIfAborted();
    const element = this.options.viewportElement();
    if (element === null || element === undefined) throw new Error('The viewer element is missing.');
    const stack = new Stack(element, {
      onImageShown: (index) => this.patch({ index }),
      onImageError: () => this.patch({ failedImages: this.current.failedImages + 1 }),
      onWindowLevel: (windowLevel) => this.patch({ windowLevel }),
    });
    this.stack = stack;
    this.resizeObserver = new ResizeObserver(() => stack.resize());
    this.resizeObserver.observe(element);
    return stack;
  }

  private patch(changes: Partial<ViewerState>): void {
    if (this.current.status === 'closed') return;
    this.setState({ ...this.current, ...changes });
  }

  private setState(state: ViewerState): void {
    this.current = state;
    this.host.requestUpdate();
  }
}
