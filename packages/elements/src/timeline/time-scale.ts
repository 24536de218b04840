/**
 * The timeline's time axis: a d3 UTC time scale, so that calendar dates map
 * to the same place whatever the viewer's time zone.
 *
 * A UTC scale over milliseconds is linear, so the scale also exposes its
 * slope and offset for the clustering loop, which runs over every visible
 * study on each frame and cannot afford a function call per study.
 */
import { scaleUtc, type ScaleTime } from 'd3-scale';
import type { PixelMapping } from './clusters.js';
import type { ZoomTransform } from './zoom-math.js';

/** Maps milliseconds since the epoch to pixels: `x = time * pixelsPerMs + offset`. */
export class TimeScale implements PixelMapping {
  readonly scale: ScaleTime<number, number>;
  readonly pixelsPerMs: number;
  readonly offset: number;

  constructor(scale: ScaleTime<number, number>) {
    this.scale = scale;
    const [start, end] = scale.domain().map(Number);
    const [from, to] = scale.range();
    this.pixelsPerMs = (to - from) / (end - start);
    this.offset = from - start * this.pixelsPerMs;
  }

  /** Returns the scale that maps the time domain `[start, end]` onto the pixel range `[from, to]`. */
  static fromDomain(domain: readonly [number, number], range: readonly [number, number]): TimeScale {
    return new TimeScale(scaleUtc().domain([new Date(domain[0]), new Date(domain[1])]).range([range[0], range[1]]));
  }

  /** Returns the pixel of a time. */
  x(time: number | Date): number {
    return Number(time) * this.pixelsPerMs + this.offset;
  }

  /** Returns the time at a pixel. */
  time(x: number): number {
    return Number(this.scale.invert(x));
  }

  /** Returns this scale as a zoom transform shows it: each pixel `x` moves to `x * k + transform.x`, as d3-zoom's `rescaleX` does. */
  transformed(transform: ZoomTransform): TimeScale {
    const domain = this.scale.range().map((x) => this.scale.invert((x - transform.x) / transform.k));
    return new TimeScale(this.scale.copy().domain(domain));
  }
}
