/**
 * Texts of the study preview in the element's language: series labels,
 * body regions, kinds of non-image series, and reasons for failed requests.
 */
import { StudylineError, localizedName, type ReportReference, type Series, type Study, type Terminology } from '@studyline/core';
import type { LocalizeController, TextKey } from '../shared/localize.js';
import { failureReason, type FailureReasonTerms } from '../shared/source-status.js';
import type { SeriesKind } from './series-kind.js';

/** The preview names a failed image request, where the timeline's banners name a failed search. */
const PREVIEW_FAILURE_TERMS: FailureReasonTerms = { mediaType: 'previewErrorMediaType', other: 'previewErrorOther' };

/** Returns the "Series 3" text, or an empty string for a series without a number. */
export function seriesNumberText(localize: LocalizeController, series: Series): string {
  return Number.isFinite(series.seriesNumber) ? localize.term('previewSeriesNumber', { number: localize.formatNumber(series.seriesNumber as number) }) : '';
}

/**
 * Returns the instance count of a series: "3 images" for an image series,
 * "1 document" for others, or an empty string when the source did not send it.
 */
export function imageCountText(localize: LocalizeController, series: Series, images = true): string {
  const count = series.numberOfInstances;
  if (typeof count !== 'number' || !Number.isFinite(count)) return '';
  return localize.plural(images ? 'previewImageCount' : 'previewObjectCount', count);
}

/** Returns the description of a series, or the "no description" text. */
export function seriesDescriptionText(localize: LocalizeController, series: Series): string {
  const description = typeof series.description === 'string' ? series.description.trim() : '';
  return description !== '' ? description : localize.term('previewUntitledSeries');
}

/**
 * Returns a BodyPartExamined value as the names of its body regions in the
 * element's language, followed by the value as sent when that differs:
 * "Thorax (CHEST)" in Dutch. A value that the terminology maps to no region
 * is returned as sent, and a missing value as an empty string.
 */
export function bodyPartText(localize: LocalizeController, terminology: Terminology, bodyPart: unknown): string {
  const sent = typeof bodyPart === 'string' ? bodyPart.trim() : '';
  if (sent === '') return '';
  const names = terminology.resolveBodyPart(sent).map((region) => localizedName(region.names, localize.locale));
  if (names.length === 0) return sent;
  const name = localize.formatList(names);
  return name === sent ? name : `${name} (${sent})`;
}

/** Returns a series' name for headings and labels: "CT, Abdomen blanco". */
export function seriesTitle(localize: LocalizeController, series: Series): string {
  const modality = typeof series.modality === 'string' && series.modality.trim() !== '' ? series.modality.trim() : localize.term('unknownModality');
  return `${modality}, ${seriesDescriptionText(localize, series)}`;
}

const KIND_KEYS: Readonly<Record<Exclude<SeriesKind, 'image'>, TextKey>> = {
  report: 'previewKindReport',
  'key-objects': 'previewKindKeyObjects',
  'presentation-state': 'previewKindPresentationState',
  segmentation: 'previewKindSegmentation',
  radiotherapy: 'previewKindRadiotherapy',
  document: 'previewKindDocument',
  waveform: 'previewKindWaveform',
  'other-object': 'previewKindOther',
};

/** Returns the name of a non-image series' kind ("Structured report"), or an empty string for an image series. */
export function seriesKindText(localize: LocalizeController, kind: SeriesKind): string {
  return kind === 'image' ? '' : localize.term(KIND_KEYS[kind]);
}

/** Returns the reason a request failed, in plain words, from a StudylineError's code. */
export function requestErrorText(localize: LocalizeController, error: unknown): string {
  if (!(error instanceof StudylineError)) return localize.term('previewErrorOther');
  return failureReason(localize, error, PREVIEW_FAILURE_TERMS);
}

/** Returns the study's description, or the "no description" text. */
export function studyTitle(localize: LocalizeController, study: Study): string {
  const description = typeof study.description === 'string' ? study.description.trim() : '';
  return description !== '' ? description : localize.term('previewUntitledStudy');
}

/**
 * Returns a report's URL when it is safe to link: http, https or a
 * relative URL. Other schemes (`javascript:`, `data:`) return undefined.
 */
export function safeReportUrl(report: ReportReference, base: string): string | undefined {
  if (typeof report.url !== 'string' || report.url.trim() === '') return undefined;
  try {
    const url = new URL(report.url, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
