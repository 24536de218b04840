/**
 * The event with which a filter control reports a new filter, so that a host
 * can pass it on to `<studyline-timeline>` and `<studyline-study-list>`.
 */
import type { StudyFilter } from '@studyline/core';

export interface StudylineFilterChangeDetail {
  /** The whole new filter, not only the part that changed. A fresh object on every event. */
  filter: StudyFilter;
}

/**
 * A user changed the filter. Bubbles and crosses shadow roots. Cancel it to
 * keep the element's previous filter.
 */
export class StudylineFilterChangeEvent extends CustomEvent<StudylineFilterChangeDetail> {
  static readonly eventName = 'studyline-filter-change' as const;

  constructor(detail: StudylineFilterChangeDetail) {
    super(StudylineFilterChangeEvent.eventName, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'studyline-filter-change': StudylineFilterChangeEvent;
  }
}
