/**
 * Events that Studyline elements dispatch. All bubble and cross shadow roots
 * (`composed`), so a host can listen on any ancestor. Events for a user's
 * action or selection are cancelable: `preventDefault()` stops the element's
 * own reaction, such as marking a study as selected.
 */
import type { SourceInfo, Study, StudySearchResult } from '@studyline/core';

export interface StudylineStudySelectDetail {
  study: Study;
}

/** A user chose a study. Cancel it to keep the current selection. */
export class StudylineStudySelectEvent extends CustomEvent<StudylineStudySelectDetail> {
  static readonly eventName = 'studyline-study-select' as const;

  constructor(detail: StudylineStudySelectDetail) {
    super(StudylineStudySelectEvent.eventName, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

export interface StudylineSourceRetryDetail {
  source: SourceInfo;
}

/**
 * A user asked to search a failed or incomplete source again. An element that
 * loads through an adapter retries by itself; a host that loads the studies
 * itself must do so on this event.
 */
export class StudylineSourceRetryEvent extends CustomEvent<StudylineSourceRetryDetail> {
  static readonly eventName = 'studyline-source-retry' as const;

  constructor(detail: StudylineSourceRetryDetail) {
    super(StudylineSourceRetryEvent.eventName, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

export interface StudylineLoadDetail {
  result: StudySearchResult;
}

/** A search through the element's adapter finished, with a status for every source. Not dispatched for an aborted search. */
export class StudylineLoadEvent extends CustomEvent<StudylineLoadDetail> {
  static readonly eventName = 'studyline-load' as const;

  constructor(detail: StudylineLoadDetail) {
    super(StudylineLoadEvent.eventName, { detail, bubbles: true, composed: true, cancelable: false });
  }
}

export interface StudylineLoadProgressDetail {
  /** The studies and source statuses so far. */
  result: StudySearchResult;
  /** The sources that have not responded yet. */
  pending: readonly SourceInfo[];
}

/** A source responded during a search, before the search finished: the studies so far are shown. */
export class StudylineLoadProgressEvent extends CustomEvent<StudylineLoadProgressDetail> {
  static readonly eventName = 'studyline-load-progress' as const;

  constructor(detail: StudylineLoadProgressDetail) {
    super(StudylineLoadProgressEvent.eventName, { detail, bubbles: true, composed: true, cancelable: false });
  }
}

declare global {
  interface HTMLElementEventMap {
    'studyline-load-progress': StudylineLoadProgressEvent;
    'studyline-study-select': StudylineStudySelectEvent;
    'studyline-source-retry': StudylineSourceRetryEvent;
    'studyline-load': StudylineLoadEvent;
  }
}
