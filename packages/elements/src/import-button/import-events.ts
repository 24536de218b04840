/**
 * Events of `<studyline-import-button>`. Like every Studyline event they
 * bubble and cross shadow roots. Only the start event is cancelable.
 */
import type { ImportOutcome, ImportProgress, InstanceReference, StudyLocator, StudylineAdapter } from '@studyline/core';

export interface StudylineImportStartDetail {
  study: StudyLocator;
  source: StudylineAdapter;
  target: StudylineAdapter;
  /** The instances a retry imports, from the outcome's `missing` list. Absent for an import of the whole study. */
  only?: readonly InstanceReference[];
}

/** An import is about to start. Cancel it and the element sends no request and stays as it was. */
export class StudylineImportStartEvent extends CustomEvent<StudylineImportStartDetail> {
  static readonly eventName = 'studyline-import-start' as const;

  constructor(detail: StudylineImportStartDetail) {
    super(StudylineImportStartEvent.eventName, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

export interface StudylineImportProgressDetail {
  study: StudyLocator;
  progress: ImportProgress;
}

/** The import moved on: a phase change, an instance received, a store response received, or a 503 `Retry-After` wait. */
export class StudylineImportProgressEvent extends CustomEvent<StudylineImportProgressDetail> {
  static readonly eventName = 'studyline-import-progress' as const;

  constructor(detail: StudylineImportProgressDetail) {
    super(StudylineImportProgressEvent.eventName, { detail, bubbles: true, composed: true, cancelable: false });
  }
}

export interface StudylineImportCompleteDetail {
  study: StudyLocator;
  outcome: ImportOutcome;
}

/**
 * An import ended: `done` (verified in the target), `partial` or `failed`,
 * also after a cancel. Dispatched once for every start event that was not
 * cancelled.
 */
export class StudylineImportCompleteEvent extends CustomEvent<StudylineImportCompleteDetail> {
  static readonly eventName = 'studyline-import-complete' as const;

  constructor(detail: StudylineImportCompleteDetail) {
    super(StudylineImportCompleteEvent.eventName, { detail, bubbles: true, composed: true, cancelable: false });
  }
}

declare global {
  interface HTMLElementEventMap {
    'studyline-import-start': StudylineImportStartEvent;
    'studyline-import-progress': StudylineImportProgressEvent;
    'studyline-import-complete': StudylineImportCompleteEvent;
  }
}
