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
 * A user opened a study's report. For a report with a link, cancel it to
 * keep the browser from following the link. A report without a link (such
 * as a DICOM SR) has no default action: the host shows it.
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
