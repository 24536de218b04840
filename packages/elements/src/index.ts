/**
 * Studyline's custom elements and their building blocks. Importing this
 * module registers nothing; import `./define.js` (or one element's
 * `define.js`) for the default tag names.
 */
export { StudylineTimeline, type TimelineLayout, type TimelineRange } from './timeline/timeline.js';
export type { LaneMode } from './timeline/lanes.js';

export {
  StudylineLoadEvent,
  StudylineSourceRetryEvent,
  StudylineStudySelectEvent,
  type StudylineLoadDetail,
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
