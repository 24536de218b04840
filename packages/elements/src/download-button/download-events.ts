/**
 * Events of `<studyline-download-button>`. Like every Studyline event they
 * bubble and cross shadow roots. Only the start event is cancelable.
 */
import type { DownloadOutcome, DownloadProgress, StudyLocator, StudylineAdapter } from '@studyline/core';

/**
 * Destination of the zip: `file-picker` streams it into a file that the user
 * chose in the browser's save dialog, `blob` builds it in memory and hands
 * it to the browser's downloads through an object URL.
 */
export type DownloadSaveMethod = 'file-picker' | 'blob';

export interface StudylineDownloadStartDetail {
  study: StudyLocator;
  source: StudylineAdapter;
  /** Suggested file name, `study-<Study Instance UID>.zip`. */
  fileName: string;
  method: DownloadSaveMethod;
  /** The size estimate shown before the start, in bytes, when there was one. */
  estimatedBytes?: number;
}

/** A download is about to start. Cancel it and the element opens no save dialog, sends no request and goes back to its button. */
export class StudylineDownloadStartEvent extends CustomEvent<StudylineDownloadStartDetail> {
  static readonly eventName = 'studyline-download-start' as const;

  constructor(detail: StudylineDownloadStartDetail) {
    super(StudylineDownloadStartEvent.eventName, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

export interface StudylineDownloadProgressDetail {
  study: StudyLocator;
  progress: DownloadProgress;
}

/** The download moved on: a phase change, an instance written into the zip, or a 503 `Retry-After` wait. */
export class StudylineDownloadProgressEvent extends CustomEvent<StudylineDownloadProgressDetail> {
  static readonly eventName = 'studyline-download-progress' as const;

  constructor(detail: StudylineDownloadProgressDetail) {
    super(StudylineDownloadProgressEvent.eventName, { detail, bubbles: true, composed: true, cancelable: false });
  }
}

export interface StudylineDownloadCompleteDetail {
  study: StudyLocator;
  /** `done`, `partial` (the zip lacks `outcome.missing`), or `failed`; `outcome.cancelled` after a cancel or a closed save dialog. */
  outcome: DownloadOutcome;
  /** Name of the saved file: the one chosen in the save dialog, or the suggested one. */
  fileName: string;
  method: DownloadSaveMethod;
}

/** A download ended. Dispatched once for every start event that was not cancelled. */
export class StudylineDownloadCompleteEvent extends CustomEvent<StudylineDownloadCompleteDetail> {
  static readonly eventName = 'studyline-download-complete' as const;

  constructor(detail: StudylineDownloadCompleteDetail) {
    super(StudylineDownloadCompleteEvent.eventName, { detail, bubbles: true, composed: true, cancelable: false });
  }
}

declare global {
  interface HTMLElementEventMap {
    'studyline-download-start': StudylineDownloadStartEvent;
    'studyline-download-progress': StudylineDownloadProgressEvent;
    'studyline-download-complete': StudylineDownloadCompleteEvent;
  }
}
