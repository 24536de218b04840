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
  /** A response that broke off before its end, such as a multipart body without its closing boundary. */
  errorTruncated: string;
  /** A server that returned a failure status in its body, such as an XDS registry's Failure. */
  errorRejected: string;
  errorOther: string;
  /** Number of studies that the server reports as missing. */
  missingStudies: PluralMessage;
  /** Reasons for an incomplete source, by reason code. */
  reasonServerTruncated: string;
  reasonLimitReached: string;
  reasonPartialSuccess: string;
  reasonUnreadableEntries: string;
  /** The source returned studies of another patient, which are not shown. */
  reasonOtherPatient: string;
  reasonUnknown: string;

  /** Button under a year or the undated lane that shows more rows. */
  showMore: PluralMessage;
  /** Button at the end of the vertical list that shows the next years. */
  showOlderYears: string;
  /** A number of studies, as after a year heading or in a cluster's tooltip. */
  studyCount: PluralMessage;

  // Study preview (<studyline-study-preview>).

  /** Accessible name of the preview when the host gives no `label`. */
  previewLabel: string;
  previewNoStudy: string;
  /** Title of a study without a description. */
  previewUntitledStudy: string;
  /** Description of a series without one. */
  previewUntitledSeries: string;
  previewDate: string;
  previewSource: string;
  previewInstitution: string;
  previewAccessionNumber: string;
  previewModalities: string;
  /** Heading of the report links. */
  previewReports: string;
  /** Link or button text of a report without a title. */
  previewReport: string;
  /** Accessible name of the group of study navigation buttons. */
  previewStudyNavigation: string;
  previewNewerStudy: string;
  previewOlderStudy: string;
  previewSeriesHeading: string;
  /** Number of series after the heading. */
  previewSeriesCount: PluralMessage;
  /** `{number}` is the series number. */
  previewSeriesNumber: string;
  /** Number of images of a series. */
  previewImageCount: PluralMessage;
  /** Instance count of a series without images, such as a report. */
  previewObjectCount: PluralMessage;
  previewLoadingSeries: string;
  previewSeriesFailed: string;
  previewNoSeries: string;
  previewThumbnailLoading: string;
  previewThumbnailFailed: string;
  /** Accessible name of a thumbnail's Retry button; `{series}` names the series. */
  previewRetryThumbnail: string;
  /** What a series without images holds, shown in place of a thumbnail. */
  previewKindReport: string;
  previewKindKeyObjects: string;
  previewKindPresentationState: string;
  previewKindSegmentation: string;
  previewKindRadiotherapy: string;
  previewKindDocument: string;
  previewKindWaveform: string;
  previewKindOther: string;
  /** Accessible name of the viewer; `{series}` names the series. */
  previewViewerLabel: string;
  previewPreviousImage: string;
  previewNextImage: string;
  /** Label of the image slider. */
  previewImage: string;
  /** `{index}` and `{count}` are numbers. */
  previewImagePosition: string;
  previewResetView: string;
  previewCloseViewer: string;
  /** Description of the pointer and keys that work in the viewer. */
  previewViewerHint: string;
  previewLoadingImages: string;
  /** `{received}` and `{expected}` are numbers of images. */
  previewImagesArriving: string;
  /** Window width and centre of the image on screen. */
  previewWindowLevel: string;
  previewViewerFailed: string;
  previewViewerUnavailable: string;
  previewNoImages: string;
  /** Shown in the viewer for a series without images; `{kind}` says what it holds. */
  previewNotViewable: string;
  /** Accessible name of the report reader; `{series}` is the series title. */
  previewReportLabel: string;
  previewReportLoading: string;
  previewReportFailed: string;
  previewReportEmpty: string;
  /** The document was cut at the reader's limit of items or nesting levels. */
  previewReportTruncated: string;
  previewReportIncomplete: string;
  previewReportComplete: string;
  previewReportPartial: string;
  previewReportVerified: string;
  previewReportUnverified: string;
  /** Shown for a reference to an image or another object inside a report. */
  previewReportReference: string;
  previewViewerIncomplete: string;
  /** Objects of a series that hold no image, such as a report filed with the images. */
  previewObjectsSkipped: PluralMessage;
  previewImagesFailed: PluralMessage;
  /** Reasons for a failed request, besides the shared `error…` texts. */
  previewErrorMediaType: string;
  previewErrorOther: string;

  // Study filter, filtered timeline and study list.

  /** Shown by the timeline and the study list when studies exist but the filter leaves none. */
  noMatchingStudies: string;
  /** Accessible name of the filter element. */
  filterLabel: string;
  filterSearchLabel: string;
  /** Placeholder of the search box, naming what it searches. */
  filterSearchPlaceholder: string;
  filterModalityLegend: string;
  /** The chip that clears a facet's choices. */
  filterAll: string;
  /** Chip for studies whose modalities no source sent. */
  filterUnknownModality: string;
  filterTypeLegend: string;
  filterTypeImages: string;
  filterTypeReports: string;
  filterSourceLegend: string;
  filterInstitutionLegend: string;
  filterRegionLegend: string;
  filterDateLegend: string;
  filterDateAll: string;
  filterDateLastYear: string;
  filterDateLastFiveYears: string;
  filterDateCustom: string;
  filterDateFrom: string;
  filterDateTo: string;
  filterClear: string;
  /** The button that shows and hides the facets after search and modality, in the filter's compact layout. */
  filterMore: string;
  /** Read after the label of the More filters button: how many of the facets behind it narrow the studies. */
  filterMoreActive: PluralMessage;
  /** Result line of the filter. Chooses the plural form by `{total}`. */
  filterResult: PluralMessage;
  /** Note under the date range when it leaves out undated studies. */
  filterUndatedHidden: PluralMessage;
  /** Accessible name of the study list when the host gives no `label`. */
  studyListLabel: string;
  listColumnDate: string;
  listColumnModality: string;
  listColumnDescription: string;
  listColumnSource: string;
  /** Label of the sort field shown in place of the column headers on narrow screens. */
  listSortBy: string;
  /** Label of the field that picks ascending or descending. */
  listSortDirection: string;
  listSortAscending: string;
  listSortDescending: string;
  /** Description of the keys that work in the study list. */
  listKeyboardHint: string;

  // Import and download (<studyline-import-button>, <studyline-download-button>).

  /** Button of a running import or download, and of the download's confirmation. */
  transferCancel: string;
  /** Note during a 503 Retry-After wait. `{archive}` names the server, and `{seconds}` is the remaining time with its unit. */
  transferWaiting: string;
  /** Bytes done of a known total. `{done}` and `{total}` are formatted sizes. */
  transferBytesOf: string;
  /** Under a shortened list of missing instances or files. */
  transferMoreMissing: PluralMessage;
  /** Disclosure with the untranslated reason and server warnings. */
  transferTechnicalDetails: string;
  importButton: string;
  /** Description of the Import button; `{source}` and `{target}` are archive names. */
  importButtonDescription: string;
  /** Shown in place of the button when the study is local already. `{archive}` names the archive that has it. */
  importAvailable: string;
  /** Accessible name of the import's progress bar. */
  importProgressLabel: string;
  importPhaseListing: string;
  importPhaseTransferring: string;
  importPhaseVerifying: string;
  /** Instances transferred of a known total. Chooses the plural form by the total `{count}`, and `{done}` is the number so far. */
  importCount: PluralMessage;
  /** Instances transferred while the total is unknown. */
  importCountOpen: PluralMessage;
  /** Live region text when an import starts. */
  importStarted: string;
  importDoneTitle: string;
  /** Chooses the plural form by the number of instances `{count}`. */
  importDoneText: PluralMessage;
  importPartialTitle: string;
  /** Chooses the plural form by the number of instances `{count}`, and `{stored}` is how many the target has. */
  importPartialText: PluralMessage;
  importMissingCount: PluralMessage;
  importCancelled: string;
  importNotVerified: string;
  importFailedTitle: string;
  importFailedNotListed: string;
  importFailedCancelled: string;
  importFailedNoneStored: string;
  /** The host gave options that the import rejects, such as the same adapter as source and target. */
  importFailedNotStarted: string;
  /** Summary of the disclosure with the missing instances. */
  importShowMissing: PluralMessage;
  /** Button that imports only the missing instances. */
  importRetryMissing: PluralMessage;
  /** Button after an import that could not be verified and misses no instance. */
  importVerifyAgain: string;
  /** Reason that one instance is missing, by the outcome's code. `{code}` is a DICOM FailureReason such as 0xA700. */
  importReasonStoreFailed: string;
  importReasonStoreFailedCode: string;
  importReasonNotReceived: string;
  importReasonNotSent: string;
  importReasonNotConfirmed: string;
  importReasonNotRequested: string;
  importReasonCancelled: string;
  downloadButton: string;
  /** Heading of the confirmation shown before a download. */
  downloadConfirmTitle: string;
  downloadSizeEstimating: string;
  /** `{size}` is an estimated size such as "12 MB". */
  downloadSizeAbout: string;
  downloadSizeUnknown: string;
  /** Warning that the downloaded files need a DICOM viewer. */
  downloadViewerWarning: string;
  /** Button of the confirmation that starts the download. */
  downloadStart: string;
  /** Accessible name of the download's progress bar. */
  downloadProgressLabel: string;
  downloadPhaseListing: string;
  downloadPhaseDownloading: string;
  downloadPhaseFinishing: string;
  /** Files written of a known total. Chooses the plural form by the total `{count}`, and `{done}` is the number so far. */
  downloadCount: PluralMessage;
  downloadCountOpen: PluralMessage;
  /** Live region text when a download starts. */
  downloadStarted: string;
  downloadDoneTitle: string;
  /** After a save into a file from the save dialog. `{size}` is the zip's size. */
  downloadSaved: string;
  /** After the zip was handed to the browser's downloads. */
  downloadHandedToBrowser: string;
  downloadPartialTitle: string;
  /** Chooses the plural form by the number of files `{count}`, and `{done}` is how many the zip has. */
  downloadPartialText: PluralMessage;
  downloadShowMissing: PluralMessage;
  downloadFailedTitle: string;
  downloadFailedText: string;
  downloadCancelled: string;
  /** Lines of README.txt, the last file of a downloaded zip, in the element's language. */
  downloadReadmeIntro: string;
  downloadReadmeViewer: string;
  downloadReadmeNoDicomdir: string;
  downloadReadmeLayout: string;
  /** `{uid}` is the Study Instance UID. */
  downloadReadmeStudy: string;
  /** `{done}` files of the `{count}` that the source lists. */
  downloadReadmeCount: string;
  downloadReadmeIncomplete: string;
  /** `{detail}` is the technical reason, in English. */
  downloadReadmeProblem: string;
  downloadReadmeMissing: string;

  // Patient history (<studyline-patient-history>).

  /** Accessible name of the patient history when the host gives no `label`. */
  historyLabel: string;
  /** Accessible name of the group of buttons that switch between the timeline and the list. */
  historyViewLabel: string;
  historyViewTimeline: string;
  historyViewList: string;
  /** Button above the study on narrow screens that returns to the timeline or list. */
  historyBack: string;
  /** Shown in single-study mode when the search finished without the chosen study. */
  historyStudyNotFound: string;
}
