/**
 * The zoom state of the timeline's horizontal layout: the transform of the
 * time axis, its limits, the zoom methods, and the wheel, drag, pinch and
 * double-click gestures on the plot.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { TimeScale } from './time-scale.js';
import { LAYOUT } from './timeline.styles.js';
import { ZoomGestures, type GestureKind } from './zoom-gestures.js';
import {
  MIN_VISIBLE_SPAN_MS,
  constrainTransform,
  maxZoomFactor,
  scaleAround,
  transformForRange,
  zoomIdentity,
  type ZoomTransform,
} from './zoom-math.js';

const ZOOM_STEP = 2;

export interface TimelineZoomOptions {
  /** Called when the transform changes through a gesture, a key or a method. */
  onZoom(): void;
  /** Called when a gesture or a zoom method has changed the view, so the host can announce the visible count. */
  onSettled(): void;
}

/**
 * A ReactiveController that owns the zoom of the horizontal layout. It
 * requests an update of its host whenever the transform or the plot width
 * changes.
 */
export class TimelineZoomController implements ReactiveController {
  /** The current transform, in the pixel space of the fully zoomed-out scale. */
  transform: ZoomTransform = zoomIdentity;
  /** Inner width of the plot in CSS pixels, or 0 until measured. */
  plotWidth = 0;
  /** True once a user or a method has zoomed or panned. A history that grows then keeps the view. */
  userZoomed = false;

  private readonly host: ReactiveControllerHost;
  private readonly options: TimelineZoomOptions;
  private domain: [number, number] | undefined;
  private zoomTarget: HTMLElement | undefined;
  private gestures: ZoomGestures | undefined;
  private gestureStart: ZoomTransform | undefined;

  constructor(host: ReactiveControllerHost, options: TimelineZoomOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  hostConnected(): void {
    // A host that is connected again keeps its rendered plot, which needs its gestures back.
    if (this.zoomTarget !== undefined && this.gestures === undefined) this.gestures = this.createGestures(this.zoomTarget);
  }

  hostDisconnected(): void {
    this.gestures?.disconnect();
    this.gestures = undefined;
  }

  /** The plot element that receives the gestures, or undefined while none is shown. */
  get target(): HTMLElement | undefined {
    return this.zoomTarget;
  }

  get canZoomIn(): boolean {
    return this.transform.k < this.maxFactor() * 0.999;
  }

  get canZoomOut(): boolean {
    return this.transform.k > 1.0001;
  }

  isAtMaxZoom(): boolean {
    return this.transform.k >= this.maxFactor() * 0.999;
  }

  /** Returns the scale of the fully zoomed-out view, or undefined without a dated study or a measured plot. */
  baseScale(): TimeScale | undefined {
    if (this.domain === undefined || this.plotWidth <= 2 * LAYOUT.trackInset) return undefined;
    return TimeScale.fromDomain(this.domain, [LAYOUT.trackInset, this.plotWidth - LAYOUT.trackInset]);
  }

  currentScale(): TimeScale | undefined {
    return this.baseScale()?.transformed(this.transform);
  }

  /** Returns the time range between the view's edges. */
  visibleWindow(scale: TimeScale): [number, number] {
    return [scale.time(0), scale.time(this.plotWidth)];
  }

  currentWindow(): [number, number] | undefined {
    const scale = this.currentScale();
    return scale === undefined ? undefined : this.visibleWindow(scale);
  }

  /**
   * Sets the time domain of the fully zoomed-out view. A user's zoom survives
   * a history that grows as sources respond; otherwise the view shows it all.
   */
  setDomain(domain: [number, number] | undefined): void {
    if (domain?.[0] === this.domain?.[0] && domain?.[1] === this.domain?.[1]) return;
    const keptWindow = this.userZoomed ? this.currentWindow() : undefined;
    this.domain = domain;
    const restored = keptWindow === undefined ? undefined : this.transformShowing(keptWindow);
    if (restored !== undefined) {
      this.setTransform(restored);
      return;
    }
    this.userZoomed = false;
    this.setTransform(zoomIdentity);
  }

  zoomIn(): void {
    this.zoomBy(ZOOM_STEP);
  }

  zoomOut(): void {
    this.zoomBy(1 / ZOOM_STEP);
  }

  zoomToFit(): void {
    this.applyTransform(zoomIdentity, true);
  }

  zoomToRange(start: Date | number, end: Date | number): void {
    const base = this.baseScale();
    if (base === undefined) return;
    const [from, to] = [Number(start), Number(end)].sort((a, b) => a - b);
    if (!Number.isFinite(from) || !Number.isFinite(to)) return;
    const [rangeStart, rangeEnd] = [LAYOUT.trackInset, this.plotWidth - LAYOUT.trackInset];
    this.applyTransform(transformForRange(base.x(from), base.x(to), rangeStart, rangeEnd, this.plotWidth, this.maxFactor()), true);
  }

  /** Zooms by `factor` around the view pixel `anchorX`, the middle by default. */
  zoomBy(factor: number, anchorX = this.plotWidth / 2): void {
    if (this.baseScale() === undefined) return;
    this.applyTransform(scaleAround(this.transform, factor, anchorX, this.plotWidth, this.maxFactor()), true);
  }

  /** Pans, at the current zoom, so that `time` is in the middle of the view. */
  panTo(time: number): void {
    const base = this.baseScale();
    if (base === undefined) return;
    const k = this.transform.k;
    this.applyTransform(zoomIdentity.translate(this.plotWidth / 2 - base.x(time) * k, 0).scale(k), true);
  }

  /** Zooms to a cluster's studies, with some margin, so that the cluster splits. */
  zoomToStudies(first: number, last: number): void {
    const margin = Math.max((last - first) * 0.15, MIN_VISIBLE_SPAN_MS / 2);
    this.zoomToRange(first - margin, last + margin);
  }

  /**
   * Attaches the gestures to the plot element that the host rendered, or
   * detaches them when the plot is gone. Returns true when the plot element changed.
   */
  attach(plot: HTMLElement | undefined): boolean {
    if (plot === this.zoomTarget) return false;
    this.gestures?.disconnect();
    this.zoomTarget = plot;
    this.gestures = plot === undefined ? undefined : this.createGestures(plot);
    return true;
  }

  /** Takes a new plot width, keeping the time window that a user zoomed to. */
  resizePlot(width: number): void {
    if (width === this.plotWidth) return;
    const keptWindow = this.userZoomed ? this.currentWindow() : undefined;
    this.plotWidth = width;
    const restored = keptWindow === undefined ? undefined : this.transformShowing(keptWindow);
    if (restored !== undefined) this.setTransform(restored);
    this.host.requestUpdate();
  }

  private maxFactor(): number {
    return this.domain === undefined ? 1 : maxZoomFactor(this.domain);
  }

  private setTransform(transform: ZoomTransform): void {
    this.transform = transform;
    this.host.requestUpdate();
  }

  /** Applies a transform from a button, key or method, within the zoom limits. */
  private applyTransform(transform: ZoomTransform, announce: boolean): void {
    if (this.baseScale() === undefined) return;
    const constrained = constrainTransform(transform, this.plotWidth, this.maxFactor());
    if (sameTransform(constrained, this.transform)) return;
    this.setTransform(constrained);
    this.userZoomed = true;
    this.options.onZoom();
    if (announce) this.options.onSettled();
  }

  /** Returns the transform whose view, edge to edge, shows a time window, within the zoom limits. */
  private transformShowing(window: readonly [number, number]): ZoomTransform | undefined {
    const base = this.baseScale();
    if (base === undefined) return undefined;
    return transformForRange(base.x(window[0]), base.x(window[1]), 0, this.plotWidth, this.plotWidth, this.maxFactor());
  }

  private createGestures(plot: HTMLElement): ZoomGestures {
    return new ZoomGestures(plot, {
      transform: () => this.transform,
      constrain: (transform) => constrainTransform(transform, this.plotWidth, this.maxFactor()),
      accepts: (event, kind, target) => this.baseScale() !== undefined && acceptsZoomGesture(event, kind, target),
      start: () => {
        this.gestureStart = this.transform;
      },
      zoom: (transform) => {
        if (sameTransform(transform, this.transform)) return;
        this.setTransform(transform);
        this.userZoomed = true;
        this.options.onZoom();
      },
      end: () => {
        if (this.gestureStart !== undefined && !sameTransform(this.gestureStart, this.transform)) this.options.onSettled();
        this.gestureStart = undefined;
      },
    });
  }
}

function acceptsZoomGesture(event: MouseEvent, kind: GestureKind, target: EventTarget | null): boolean {
  // A double click on a mark selects it twice; it must not zoom as well.
  if (kind === 'double' && (target as Element | null)?.closest?.('[data-key]')) return false;
  // Ctrl with a click is a context click on macOS, while Ctrl with the wheel is a trackpad pinch.
  return (!event.ctrlKey || kind === 'wheel') && !event.button;
}

function sameTransform(a: ZoomTransform, b: ZoomTransform): boolean {
  return a.k === b.k && a.x === b.x && a.y === b.y;
}
