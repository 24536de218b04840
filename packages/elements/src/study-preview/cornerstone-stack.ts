/**
 * A Cornerstone3D stack viewport over DICOM Part 10 files that Studyline
 * fetched itself.
 *
 * This is the only module that imports Cornerstone3D, and the study preview
 * loads it with `import()` when a user opens a series, so that a page pays
 * for Cornerstone, vtk.js and the DICOM image loader only then.
 *
 * The image loader never fetches anything: every instance arrives through
 * the adapter (and so through its auth hook) and goes to the loader's file
 * manager, whose image ids (`dicomfile:7`, `dicomfile:7?frame=2`) carry no URL
 * and no credential. Its decode workers only load the codecs' WebAssembly
 * files, which are static files of the page and need no credentials.
 */
import {
  Enums,
  RenderingEngine,
  cache,
  eventTarget,
  getRenderingEngine,
  init as initCornerstone,
  type Types,
} from '@cornerstonejs/core';
import { init as initImageLoader, wadouri } from '@cornerstonejs/dicom-image-loader/imageLoader';
import { parseDicom, type DataSet } from 'dicom-parser';

const RENDERING_ENGINE_ID = 'studyline-study-preview';
const PIXEL_DATA_TAG = 'x7fe00010';

let initialized = false;
let nextViewportNumber = 1;
const enabledViewports = new Set<string>();

/** Initialises Cornerstone and the DICOM image loader once per page. */
function initialize(): void {
  if (initialized) return;
  // One WebGL context renders every preview's viewport, because browsers allow only a few contexts per page.
  initCornerstone({ rendering: { webGlContextCount: 1 } } as Parameters<typeof initCornerstone>[0]);
  const cores = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2;
  initImageLoader({ maxWebWorkers: Math.max(1, Math.min(2, Math.floor(cores / 2))) });
  initialized = true;
}

function renderingEngine(): RenderingEngine {
  const existing = getRenderingEngine(RENDERING_ENGINE_ID) as RenderingEngine | undefined;
  return existing ?? new RenderingEngine(RENDERING_ENGINE_ID);
}

/** Window width and centre, in the image's stored or rescaled values. */
export interface WindowLevel {
  width: number;
  center: number;
}

export interface StackCallbacks {
  /** Called when an image is on screen, with its `index` from 0 in the sorted stack. */
  onImageShown?: (index: number) => void;
  /** The image loader could not decode an image. */
  onImageError?: (imageId: string, error: unknown) => void;
  /** The window or level changed. */
  onWindowLevel?: (windowLevel: WindowLevel) => void;
}

interface StackImage {
  imageId: string;
  /** InstanceNumber (0020,0013), when the instance has one. */
  instanceNumber?: number;
  frame: number;
  /** Position in arrival order, the last sort key. */
  arrival: number;
}

/** Result of `add` for one Part 10 file: the number of images added, or the reason none were. */
export type AddResult = { added: number } | { added: 0; reason: 'not-dicom' | 'no-pixel-data' };

function compareImages(a: StackImage, b: StackImage): number {
  const byNumber = (a.instanceNumber ?? Number.MAX_SAFE_INTEGER) - (b.instanceNumber ?? Number.MAX_SAFE_INTEGER);
  if (byNumber !== 0) return byNumber;
  if (a.arrival !== b.arrival) return a.arrival - b.arrival;
  return a.frame - b.frame;
}

function readDataSet(bytes: Uint8Array): DataSet | undefined {
  try {
    return parseDicom(bytes, { untilTag: PIXEL_DATA_TAG });
  } catch {
    return undefined;
  }
}

/**
 * Converts Cornerstone's VOI range to window width and centre as DICOM
 * defines them for the LINEAR function (PS3.3 C.11.2.1.2.1), where the range
 * spans width − 1 around centre − 0.5.
 */
function toWindowLevel(range: Types.VOIRange): WindowLevel {
  return { width: range.upper - range.lower + 1, center: (range.upper + range.lower) / 2 + 0.5 };
}

function toRange(windowLevel: WindowLevel): Types.VOIRange {
  const half = (windowLevel.width - 1) / 2;
  return { lower: windowLevel.center - 0.5 - half, upper: windowLevel.center - 0.5 + half };
}

/**
 * One stack viewport in a given element. Add instances as they arrive with
 * `add`, then call `show` to put what arrived so far on screen.
 */
export class CornerstoneStack {
  private readonly element: HTMLDivElement;
  private readonly viewportId: string;
  private readonly callbacks: StackCallbacks;
  private images: StackImage[] = [];
  private readonly fileIndexes: number[] = [];
  private shownIds: string[] = [];
  /** The window and level that a user set by dragging, kept when the stack grows. */
  private userRange: Types.VOIRange | undefined;
  private arrivals = 0;
  private updates: Promise<void> = Promise.resolve();
  private destroyed = false;
  private readonly onLoadError = (event: Event): void => {
    const detail = (event as CustomEvent<{ imageId?: string; error?: unknown }>).detail;
    if (detail?.imageId !== undefined && this.images.some((image) => image.imageId === detail.imageId)) {
      this.callbacks.onImageError?.(detail.imageId, detail.error);
    }
  };
  private readonly onNewImage = (event: Event): void => {
    const index = (event as CustomEvent<{ imageIdIndex: number }>).detail?.imageIdIndex;
    if (typeof index === 'number') this.callbacks.onImageShown?.(index);
  };
  private readonly onVoiModified = (): void => {
    const windowLevel = this.windowLevel;
    if (windowLevel !== undefined) this.callbacks.onWindowLevel?.(windowLevel);
  };

  constructor(element: HTMLDivElement, callbacks: StackCallbacks = {}) {
    initialize();
    this.element = element;
    this.callbacks = callbacks;
    this.viewportId = `studyline-stack-${nextViewportNumber++}`;
    renderingEngine().enableElement({
      viewportId: this.viewportId,
      type: Enums.ViewportType.STACK,
      element,
      defaultOptions: { background: [0, 0, 0] as Types.Point3 },
    });
    enabledViewports.add(this.viewportId);
    element.addEventListener(Enums.Events.STACK_NEW_IMAGE, this.onNewImage);
    element.addEventListener(Enums.Events.VOI_MODIFIED, this.onVoiModified);
    eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_ERROR, this.onLoadError);
  }

  /** Number of images (frames) in the stack, shown or not yet shown. */
  get count(): number {
    return this.images.length;
  }

  /** Number of images in the viewport, which grows with each `show`. */
  get shownCount(): number {
    return this.shownIds.length;
  }

  /** Index of the image on screen, from 0. */
  get index(): number {
    return this.shownIds.length === 0 ? 0 : this.viewport().getCurrentImageIdIndex();
  }

  /** The image ids of the stack in display order. */
  get imageIds(): readonly string[] {
    return this.images.map((image) => image.imageId);
  }

  get windowLevel(): WindowLevel | undefined {
    if (this.shownIds.length === 0) return undefined;
    const range = this.viewport().getProperties().voiRange;
    return range === undefined ? undefined : toWindowLevel(range);
  }

  /**
   * Adds one Part 10 file: one image per frame, sorted by InstanceNumber.
   * Adds nothing for bytes that are not DICOM or hold no pixel data, such as
   * a structured report that a server placed in an image series.
   */
  add(bytes: Uint8Array): AddResult {
    const dataSet = readDataSet(bytes);
    if (dataSet === undefined) return { added: 0, reason: 'not-dicom' };
    const rows = dataSet.uint16('x00280010') ?? 0;
    const columns = dataSet.uint16('x00280011') ?? 0;
    if (dataSet.elements[PIXEL_DATA_TAG] === undefined || rows === 0 || columns === 0) return { added: 0, reason: 'no-pixel-data' };

    const frames = Math.max(1, Number.parseInt(dataSet.string('x00280008') ?? '1', 10) || 1);
    const instanceNumber = dataSet.intString('x00200013');
    // The file manager copies nothing: the Blob keeps the bytes until `destroy` removes it.
    const fileId = wadouri.fileManager.add(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    this.fileIndexes.push(Number(fileId.slice('dicomfile:'.length)));
    const arrival = this.arrivals++;
    for (let frame = 1; frame <= frames; frame++) {
      const imageId = frames > 1 ? `${fileId}?frame=${frame}` : fileId;
      this.images.push({ imageId, instanceNumber: Number.isFinite(instanceNumber) ? instanceNumber : undefined, frame, arrival });
    }
    this.images.sort(compareImages);
    return { added: frames };
  }

  /**
   * Puts the images added so far into the viewport. The image on screen, and
   * a window and level that the user set, stay as they are.
   */
  show(): Promise<void> {
    this.updates = this.updates.then(() => this.applyStack());
    return this.updates;
  }

  private async applyStack(): Promise<void> {
    if (this.destroyed) return;
    const ids = this.images.map((image) => image.imageId);
    if (ids.length === 0 || (ids.length === this.shownIds.length && ids.every((id, index) => id === this.shownIds[index]))) return;
    const viewport = this.viewport();
    const current = this.shownIds.length === 0 ? undefined : viewport.getCurrentImageId();
    const index = current === undefined ? 0 : Math.max(0, ids.indexOf(current));
    this.shownIds = ids;
    await viewport.setStack(ids, index);
    if (this.destroyed) return;
    if (this.userRange !== undefined) viewport.setProperties({ voiRange: this.userRange });
    viewport.render();
  }

  /** Shows the image at `index` (from 0), clamped to the stack. */
  async showImage(index: number): Promise<void> {
    if (this.shownIds.length === 0 || this.destroyed) return;
    const target = Math.max(0, Math.min(this.shownIds.length - 1, Math.round(index)));
    await this.viewport().setImageIdIndex(target);
  }

  /** Moves `delta` images forward (positive) or back, stopping at either end. */
  scroll(delta: number): Promise<void> {
    return this.showImage(this.index + delta);
  }

  /**
   * Changes window and level as a drag of `dx`, `dy` CSS pixels does:
   * right widens the window, down raises the level. One pixel moves by
   * 1/256 of the current window width, at least 1.
   */
  adjustWindowLevel(dx: number, dy: number): void {
    const current = this.windowLevel;
    if (current === undefined || this.destroyed) return;
    const step = Math.max(1, current.width / 256);
    const width = Math.max(2, current.width + dx * step);
    const center = current.center + dy * step;
    this.userRange = toRange({ width, center });
    const viewport = this.viewport();
    viewport.setProperties({ voiRange: this.userRange });
    viewport.render();
  }

  /** Restores the image's own window and level, zoom and position. */
  reset(): void {
    if (this.shownIds.length === 0 || this.destroyed) return;
    this.userRange = undefined;
    const viewport = this.viewport();
    viewport.resetProperties();
    viewport.resetCamera();
    viewport.render();
  }

  /**
   * Fits the viewport to its element's new size, and the image to the
   * viewport. The stack viewer offers no zoom or pan, so nothing a user set is lost.
   */
  resize(): void {
    if (this.destroyed) return;
    renderingEngine().resize(true, false);
  }

  /** Disables the viewport and frees the images, their decoded pixels and the files. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.element.removeEventListener(Enums.Events.STACK_NEW_IMAGE, this.onNewImage);
    this.element.removeEventListener(Enums.Events.VOI_MODIFIED, this.onVoiModified);
    eventTarget.removeEventListener(Enums.Events.IMAGE_LOAD_ERROR, this.onLoadError);
    const engine = renderingEngine();
    engine.disableElement(this.viewportId);
    enabledViewports.delete(this.viewportId);
    if (enabledViewports.size === 0) engine.destroy();
    for (const image of this.images) {
      if (cache.getImageLoadObject(image.imageId) !== undefined) cache.removeImageLoadObject(image.imageId, { force: true });
    }
    for (const fileIndex of this.fileIndexes) {
      wadouri.dataSetCacheManager.unload(String(fileIndex));
      wadouri.fileManager.remove(fileIndex);
    }
    this.images = [];
    this.shownIds = [];
  }

  private viewport(): Types.IStackViewport {
    return renderingEngine().getViewport(this.viewportId) as Types.IStackViewport;
  }
}
