/**
 * Events of `<studyline-study-preview>`. Like every Studyline event they
 * bubble and cross shadow roots; those for a user's action are cancelable.
 */
import type { ReportReference, Series, Study } from '@studyline/core';

export interface StudylineSeriesOpenDetail {
  study: Study;
  series: Series;
}

/**
 * A user opened a series. Cancel it to keep the preview's viewer closed, for
 * example to show the series in the host's own viewer.
 */
export class StudylineSeriesOpenEvent extends CustomEvent<StudylineSeriesOpenDetail> {
  static readonly eventName = 'studyline-series-open' as const;

  constructor(detail: StudylineSeriesOpenDetail) {
    super(StudylineSeriesOpenEvent.eventName, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

export interface StudylineReportOpenDetail {
  study: Study;
  report: ReportReference;
}

/**
 * A user opened a study's report. Cancel it to show the report yourself:
 * the browser then does not follow a report's link, and the preview does not
 * open a DICOM SR as text. Other reports without a link have no default
 * action, so the host shows them.
 */
export class StudylineReportOpenEvent extends CustomEvent<StudylineReportOpenDetail> {
  static readonly eventName = 'studyline-report-open' as const;

  constructor(detail: StudylineReportOpenDetail) {
    super(StudylineReportOpenEvent.eventName, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'studyline-series-open': StudylineSeriesOpenEvent;
    'studyline-report-open': StudylineReportOpenEvent;
  }
}
