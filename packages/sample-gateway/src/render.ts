/**
 * Rendered images (WADO-RS `/rendered`): decoding with dcmjs-imaging, scaling
 * to a viewport and PNG encoding with pngjs, with an in-memory cache.
 */
import { readFile } from 'node:fs/promises';
import dcmjsImaging from 'dcmjs-imaging';
import { PNG } from 'pngjs';
import { toArrayBuffer } from './dicom-file.js';
import type { InstanceRecord } from './store.js';

const { DicomImage, NativePixelDecoder, WindowLevel } = dcmjsImaging;

/** A rendering request that cannot be served. The server responds with `status` and the message. */
export class RenderError extends Error {
  override readonly name = 'RenderError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface RenderRequest {
  sourceKey: string;
  record: InstanceRecord;
  /** 1-based frame number. */
  frame: number;
  /** Box the image must fit in, keeping its aspect ratio. Without it the image keeps its own size. */
  viewport?: { width: number; height: number };
  /** Window center and width. Without them the file's window, or else the pixel range, is used. */
  window?: { center: number; width: number };
}

/** Largest viewport side that a request may ask for, to bound memory per image. */
export const MAX_VIEWPORT_SIDE = 4096;

/**
 * Resamples one axis of an RGBA image with a triangle filter: bilinear when
 * enlarging, and averaging over the covered source pixels when shrinking.
 */
function resampleAxis(
  source: Float32Array,
  width: number,
  height: number,
  targetLength: number,
  horizontal: boolean,
): Float32Array {
  const sourceLength = horizontal ? width : height;
  const lines = horizontal ? height : width;
  const outWidth = horizontal ? targetLength : width;
  const target = new Float32Array(outWidth * (horizontal ? height : targetLength) * 4);
  const scale = sourceLength / targetLength;
  const radius = Math.max(1, scale);

  for (let index = 0; index < targetLength; index++) {
    const center = (index + 0.5) * scale - 0.5;
    const first = Math.floor(center - radius);
    const last = Math.ceil(center + radius);
    const taps: [number, number][] = [];
    let total = 0;
    for (let position = first; position <= last; position++) {
      const weight = 1 - Math.abs(position - center) / radius;
      if (weight <= 0) continue;
      taps.push([Math.min(sourceLength - 1, Math.max(0, position)), weight]);
      total += weight;
    }
    for (let line = 0; line < lines; line++) {
      const out = horizontal ? (line * outWidth + index) * 4 : (index * outWidth + line) * 4;
      for (let channel = 0; channel < 4; channel++) {
        let sum = 0;
        for (const [position, weight] of taps) {
          const at = horizontal ? (line * width + position) * 4 : (position * width + line) * 4;
          sum += source[at + channel] * weight;
        }
        target[out + channel] = sum / total;
      }
    }
  }
  return target;
}

/** Scales RGBA pixels to a new size. */
export function resizeRgba(pixels: Uint8Array, width: number, height: number, targetWidth: number, targetHeight: number): Uint8Array {
  if (width === targetWidth && height === targetHeight) return pixels;
  const horizontal = resampleAxis(Float32Array.from(pixels), width, height, targetWidth, true);
  const both = resampleAxis(horizontal, targetWidth, height, targetHeight, false);
  const result = new Uint8Array(both.length);
  for (let index = 0; index < both.length; index++) result[index] = Math.round(Math.min(255, Math.max(0, both[index])));
  return result;
}

/** Size of an image scaled to fit inside a viewport with its aspect ratio kept. */
export function fitInside(width: number, height: number, viewport: { width: number; height: number }): { width: number; height: number } {
  const scale = Math.min(viewport.width / width, viewport.height / height);
  return {
    width: Math.max(1, Math.min(viewport.width, Math.round(width * scale))),
    height: Math.max(1, Math.min(viewport.height, Math.round(height * scale))),
  };
}

export interface RendererOptions {
  /** Number of rendered images kept in memory. Default 256. */
  maxCachedImages?: number;
}

/** Renders instances to PNG and keeps the most recently used results in memory. */
export class Renderer {
  private decoderReady?: Promise<void>;
  private readonly cache = new Map<string, Buffer>();
  private readonly pending = new Map<string, Promise<Buffer>>();
  private readonly maxCachedImages: number;
  /** Number of images decoded, as opposed to served from the cache. */
  renderCount = 0;

  constructor(options: RendererOptions = {}) {
    this.maxCachedImages = options.maxCachedImages ?? 256;
  }

  /** Loads the WebAssembly decoders of dcmjs-imaging once, for compressed transfer syntaxes. */
  private initializeDecoders(): Promise<void> {
    this.decoderReady ??= NativePixelDecoder.initializeAsync();
    return this.decoderReady;
  }

  /** Returns the PNG of one frame. Throws RenderError for objects without pixel data and frames that do not exist. */
  async renderPng(request: RenderRequest): Promise<Buffer> {
    const { record, frame } = request;
    if (!record.isImage) {
      throw new RenderError(404, `Instance ${record.sopInstanceUid} is not an image (SOP Class ${record.sopClassUid}), so it has no rendered form.`);
    }
    if (!Number.isInteger(frame) || frame < 1 || frame > record.numberOfFrames) {
      throw new RenderError(404, `Instance ${record.sopInstanceUid} has ${record.numberOfFrames} frame(s), so frame ${frame} does not exist.`);
    }
    const key = [
      request.sourceKey, record.sopInstanceUid, record.path, record.size, frame,
      request.viewport ? `${request.viewport.width}x${request.viewport.height}` : 'native',
      request.window ? `${request.window.center}/${request.window.width}` : 'file-window',
    ].join('|');

    const cached = this.cache.get(key);
    if (cached !== undefined) {
      // Re-inserting moves the entry to the end, so the map's order is least recently used first.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    let pending = this.pending.get(key);
    if (pending === undefined) {
      pending = this.decodeAndEncode(request).finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    const png = await pending;
    this.cache.set(key, png);
    while (this.cache.size > this.maxCachedImages) this.cache.delete(this.cache.keys().next().value as string);
    return png;
  }

  private async decodeAndEncode(request: RenderRequest): Promise<Buffer> {
    await this.initializeDecoders();
    const bytes = await readFile(request.record.path);
    let rendered: { width: number; height: number; pixels: ArrayBuffer };
    try {
      const image = new DicomImage(toArrayBuffer(bytes));
      const windowLevel = request.window ? new WindowLevel(request.window.width, request.window.center) : undefined;
      rendered = image.render({ frame: request.frame - 1, ...(windowLevel ? { windowLevel } : {}) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new RenderError(500, `Instance ${request.record.sopInstanceUid} could not be rendered: ${reason}`);
    }
    this.renderCount++;

    let { width, height } = rendered;
    let pixels: Uint8Array = new Uint8Array(rendered.pixels);
    if (request.viewport) {
      const size = fitInside(width, height, request.viewport);
      pixels = resizeRgba(pixels, width, height, size.width, size.height);
      ({ width, height } = size);
    }
    const png = new PNG({ width, height });
    png.data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
    return PNG.sync.write(png);
  }

  /** Drops the cached images of an instance, after it was stored again. */
  invalidate(sourceKey: string, sopInstanceUid: string): void {
    const prefix = `${sourceKey}|${sopInstanceUid}|`;
    for (const key of [...this.cache.keys()]) if (key.startsWith(prefix)) this.cache.delete(key);
  }

  get cachedImageCount(): number {
    return this.cache.size;
  }
}
