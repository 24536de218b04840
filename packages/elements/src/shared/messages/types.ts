/**
 * The shape of a message catalog. Every language implements this interface,
 * so a catalog that misses a key fails type-checking.
 *
 * Placeholders are written `{name}` and filled in by `LocalizeController`.
 * Plural messages list one text per `Intl.PluralRules` category that the
 * language uses, and always `other`.
 */

/** One text per plural category of `Intl.PluralRules`, for example `{ one: '{count} study', other: '{count} studies' }`. */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export interface StudylineMessages {
  /** Accessible name of the timeline when the host gives no `label`. */
  timelineLabel: string;
  /** Accessible name of the segmented control that switches the lane grouping. */
  laneModeLabel: string;
  laneModeSource: string;
  laneModeModality: string;
  /** Accessible name of the group of zoom buttons. */
  zoomLabel: string;
  zoomIn: string;
  zoomOut: string;
  /** Zooms out so that the whole history fits. */
  zoomFit: string;
  /** Description of the keys that work on a focused study. */
  keyboardHint: string;

  undatedLane: string;
  /** Modality lane for studies whose modality is missing. */
  unknownModalityLane: string;
  /** Lane for studies that list no source. */
  unknownSourceLane: string;
  /** Tag after the lane label of an internal source. */
  internalSource: string;
  /** Tag after the lane label of an external source. */
  externalSource: string;
  /** Accessible name of a lane; `{label}` is the lane label. */
  laneSummary: PluralMessage;

  /** Spoken in place of a modality when the study lists none. */
  unknownModality: string;
  /** Date text of a study without a date. */
  undatedStudy: string;
  /** Added to a date that the source sent with only a year. */
  yearOnly: string;
  /** Added to a date that the source sent with only a year and month. */
  monthOnly: string;
  /** Badge on a study that an external source also holds. */
  alsoExternal: string;
  /** Part of a study's label; `{sources}` is a list of source names. */
  alsoHeldBy: string;
  /** Accessible name of a cluster mark; `{range}` is a date range. */
  clusterLabel: PluralMessage;
  /** Live region text after zooming or panning. Chooses the plural form by `{total}`. */
  studiesVisible: PluralMessage;

  loading: string;
  /** Status line while one source is still searching. */
  loadingSource: string;
  empty: string;
  /** Shown when the timeline has an adapter but no patient identifier. */
  noPatient: string;
  /** Heading when every source failed. */
  errorTitle: string;
  retry: string;
  /** Accessible name of a source's Retry button. */
  retrySource: string;
  /** Banner text for an incomplete source; `{reason}` is the localised reason. */
  sourceIncomplete: string;
  /** Banner text for a failed source; `{reason}` is the localised reason. */
  sourceFailed: string;
  /** A reason followed by the server's own words, which stay untranslated; `{message}` is that text. */
  serverMessage: string;
  /** Reasons for a failed source, by error code. `{status}` is the HTTP status. */
  errorNetwork: string;
  errorHttp: string;
  errorUnauthorized: string;
  errorMediaType: string;
  errorParse: string;
  errorTimeout: string;
  errorOther: string;
  /** Number of studies that the server reports as missing. */
  missingStudies: PluralMessage;
  /** Reasons for an incomplete source, by reason code. */
  reasonServerTruncated: string;
  reasonLimitReached: string;
  reasonPartialSuccess: string;
  reasonUnreadableEntries: string;
  reasonUnknown: string;

  /** Button under a year or the undated lane that shows more rows. */
  showMore: PluralMessage;
  /** Button at the end of the vertical list that shows the next years. */
  showOlderYears: string;
  /** A number of studies, as after a year heading or in a cluster's tooltip. */
  studyCount: PluralMessage;
}
