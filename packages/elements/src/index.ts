/**
 * Studyline's custom elements and their building blocks. Importing this
 * module registers nothing; import `./define.js` (or one element's
 * `define.js`) for the default tag names.
 */
export { StudylineTimeline, type TimelineLayout, type TimelineRange } from './timeline/timeline.js';
export type { LaneMode } from './timeline/lanes.js';

// Study filter and study list.
export { StudylineModalityFilter, type ModalityFilterLayout } from './modality-filter/modality-filter.js';
export {
  StudylineStudyList,
  type StudyListLayout,
} from './study-list/study-list.js';
export {
  DEFAULT_SORT as DEFAULT_STUDY_LIST_SORT,
  STUDY_LIST_SORT_STORAGE_KEY,
  type StudyListSort,
  type StudyListSortColumn,
  type StudyListSortDirection,
} from './study-list/sort.js';
export { StudylineFilterChangeEvent, type StudylineFilterChangeDetail } from './shared/filter-change-event.js';

// Study preview.
export { StudylineStudyPreview, type SeriesListStatus } from './study-preview/study-preview.js';
export {
  StudylineReportOpenEvent,
  StudylineSeriesOpenEvent,
  type StudylineReportOpenDetail,
  type StudylineSeriesOpenDetail,
} from './study-preview/preview-events.js';
export { isImageSeries, seriesKind, type SeriesKind } from './study-preview/series-kind.js';
export { MAX_THUMBNAIL_REQUESTS, RequestScheduler, schedulerFor } from './study-preview/request-scheduler.js';
export { ThumbnailStore, thumbnailKey, thumbnailStoreFor, type ThumbnailStoreOptions } from './study-preview/thumbnail-store.js';
export type { ViewerProblem, ViewerState, ViewerStatus } from './study-preview/viewer-controller.js';
export type { ReportReaderState } from './study-preview/report-reader.js';
export { reportFromDataset, readStructuredReport, type ReportNode, type StructuredReportContent } from './study-preview/structured-report.js';

export {
  StudylineLoadEvent,
  StudylineLoadProgressEvent,
  StudylineSourceRetryEvent,
  StudylineStudySelectEvent,
  type StudylineLoadDetail,
  type StudylineLoadProgressDetail,
  type StudylineSourceRetryDetail,
  type StudylineStudySelectDetail,
} from './shared/events.js';
export {
  StudyHistoryController,
  type HistoryControllerOptions,
  type HistoryRequest,
  type HistoryState,
  type HistoryStatus,
} from './shared/history-controller.js';
export {
  LocalizeController,
  registerMessages,
  resolveLanguage,
  type PluralMessage,
  type StudylineMessages,
} from './shared/localize.js';
export { en as englishMessages } from './shared/messages/en.js';
export { nl as dutchMessages } from './shared/messages/nl.js';
export {
  MODALITY_COLOR_KEYS,
  modalityColor,
  modalityColorKey,
  modalityColorVariable,
  themeStyles,
  type ModalityColorKey,
  type StudylineTheme,
} from './shared/theme.js';

// Import and download.
export { StudylineImportButton, type ImportButtonState } from './import-button/import-button.js';
export {
  StudylineImportCompleteEvent,
  StudylineImportProgressEvent,
  StudylineImportStartEvent,
  type StudylineImportCompleteDetail,
  type StudylineImportProgressDetail,
  type StudylineImportStartDetail,
} from './import-button/import-events.js';
export {
  StudylineDownloadButton,
  type DownloadButtonSaveMethod,
  type DownloadButtonState,
} from './download-button/download-button.js';
export {
  StudylineDownloadCompleteEvent,
  StudylineDownloadProgressEvent,
  StudylineDownloadStartEvent,
  type DownloadSaveMethod,
  type StudylineDownloadCompleteDetail,
  type StudylineDownloadProgressDetail,
  type StudylineDownloadStartDetail,
} from './download-button/download-events.js';

// Patient history: filter, timeline or list, preview, import and download in one element.
export {
  StudylinePatientHistory,
  type PatientHistoryLayout,
  type PatientHistoryView,
} from './patient-history/patient-history.js';
