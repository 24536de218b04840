/**
 * Series kinds: series with images, which a thumbnail and the stack viewer
 * can show, and series with other objects (reports, key object selections,
 * presentation states, segmentations, radiotherapy objects, documents and
 * waveforms).
 *
 * TODO: use the shared modality terminology of `@studyline/core` once it
 * exports the image and non-image kinds, so that both read one table.
 */
import type { Series } from '@studyline/core';

/** The kind of objects in a series. Every kind but `image` gets an icon in place of a thumbnail, and no image request. */
export type SeriesKind =
  | 'image'
  | 'report'
  | 'key-objects'
  | 'presentation-state'
  | 'segmentation'
  | 'radiotherapy'
  | 'document'
  | 'waveform'
  | 'other-object';

/**
 * Modality (0008,0060) defined terms of series without images (PS3.3
 * C.7.3.1.1.1), by kind. RTIMAGE is an image and is not listed.
 */
const NON_IMAGE_MODALITIES: Readonly<Record<string, SeriesKind>> = {
  SR: 'report',
  KO: 'key-objects',
  PR: 'presentation-state',
  SEG: 'segmentation',
  RTSTRUCT: 'radiotherapy',
  RTPLAN: 'radiotherapy',
  RTDOSE: 'radiotherapy',
  RTRECORD: 'radiotherapy',
  RTTREAT: 'radiotherapy',
  RTRAD: 'radiotherapy',
  DOC: 'document',
  ECG: 'waveform',
  HD: 'waveform',
  EPS: 'waveform',
  RESP: 'waveform',
  AU: 'waveform',
  REG: 'other-object',
  FID: 'other-object',
  PLAN: 'other-object',
  RWV: 'other-object',
  M3D: 'other-object',
  MPV: 'other-object',
};

/**
 * Returns the kind of objects in a series, from its modality. A series without a
 * modality counts as `image`, so that its thumbnail is still tried.
 */
export function seriesKind(series: Pick<Series, 'modality'>): SeriesKind {
  const modality = typeof series.modality === 'string' ? series.modality.trim().toUpperCase() : '';
  return NON_IMAGE_MODALITIES[modality] ?? 'image';
}

/** Tells whether a series contains images that a thumbnail and the stack viewer can show. */
export function isImageSeries(series: Pick<Series, 'modality'>): boolean {
  return seriesKind(series) === 'image';
}
