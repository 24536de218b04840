/**
 * Series kinds: series with images, which a thumbnail and the stack viewer
 * can show, and series with other objects (reports, key object selections,
 * presentation states, segmentations, radiotherapy objects, documents and
 * waveforms).
 *
 * Whether a modality has images comes from the shared terminology, so local
 * synonyms (`REPORT`, `EKG`) and an institution's configured codes count the
 * same way as in the filter and the timeline. This module only picks the icon.
 */
import { defaultTerminology, type Series, type Terminology } from '@studyline/core';

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

/** Icons for non-image defined terms, by the code that the terminology resolves to. */
const OBJECT_KINDS: Readonly<Record<string, SeriesKind>> = {
  SR: 'report',
  DOC: 'document',
  KO: 'key-objects',
  PR: 'presentation-state',
  SEG: 'segmentation',
};

/**
 * Returns the kind of objects in a series, from its modality read through a
 * terminology (the built-in one by default). A series without a modality, or
 * with a code that the terminology does not know, counts as `image`, so that
 * its thumbnail is still tried.
 */
export function seriesKind(series: Pick<Series, 'modality'>, terminology: Terminology = defaultTerminology()): SeriesKind {
  const modality = typeof series.modality === 'string' ? series.modality.trim() : '';
  if (modality === '') return 'image';
  const info = terminology.resolveModality(modality);
  if (info.kind === undefined || info.kind === 'image') return 'image';
  if (info.kind === 'waveform') return 'waveform';
  const objectKind = OBJECT_KINDS[info.code];
  if (objectKind !== undefined) return objectKind;
  if (info.code.startsWith('RT')) return 'radiotherapy';
  return info.kind === 'report' ? 'report' : 'other-object';
}

/** Tells whether a series contains images that a thumbnail and the stack viewer can show. */
export function isImageSeries(series: Pick<Series, 'modality'>, terminology?: Terminology): boolean {
  return seriesKind(series, terminology) === 'image';
}
