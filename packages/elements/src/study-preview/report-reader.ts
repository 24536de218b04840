/**
 * The report reader of a study preview: retrieves a DICOM SR series through
 * the adapter and reads each document's content tree for display.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { StudylineError, isAbortError, type Series, type Study, type StudylineAdapter } from '@studyline/core';
import { schedulerFor } from './request-scheduler.js';
import { readStructuredReport, type StructuredReportContent } from './structured-report.js';

export interface ReportReaderState {
  status: 'closed' | 'loading' | 'ready' | 'error';
  series?: Series;
  /** The series' documents that could be read, in the order they arrived. */
  documents: StructuredReportContent[];
  /** Objects of the series that are not SR documents that could be read. */
  unreadable: number;
  /** Set when the retrieve ended before every instance arrived, with the adapter's reason. */
  incompleteReason?: string;
  error?: unknown;
}

const CLOSED: ReportReaderState = { status: 'closed', documents: [], unreadable: 0 };

export class ReportReaderController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private current: ReportReaderState = CLOSED;
  private abortController: AbortController | undefined;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  get state(): ReportReaderState {
    return this.current;
  }

  /** Retrieves the series at high priority and reads every instance as an SR document. */
  open(adapter: StudylineAdapter, study: Study, series: Series): Promise<void> {
    this.close();
    const abortController = new AbortController();
    this.abortController = abortController;
    const { signal } = abortController;
    this.setState({ ...CLOSED, status: 'loading', series });

    return schedulerFor(adapter)
      .run('high', () => this.read(adapter, study, series, signal), signal)
      .catch((error: unknown) => {
        if (signal.aborted || isAbortError(error)) return;
        if (this.current.documents.length > 0) {
          this.setState({ ...this.current, status: 'ready', incompleteReason: error instanceof Error ? error.message : String(error) });
          return;
        }
        this.setState({ ...this.current, status: 'error', error });
      });
  }

  /** Closes the reader and aborts its retrieve. */
  close(): void {
    this.abortController?.abort();
    this.abortController = undefined;
    if (this.current.status !== 'closed') this.setState(CLOSED);
  }

  hostDisconnected(): void {
    this.close();
  }

  private async read(adapter: StudylineAdapter, study: Study, series: Series, signal: AbortSignal): Promise<void> {
    const stream = adapter.retrieveStudy(study, { seriesInstanceUid: series.seriesInstanceUid, expectedInstances: series.numberOfInstances, signal });
    for await (const instance of stream) {
      if (signal.aborted) return;
      try {
        const document = await readStructuredReport(instance.data);
        this.setState({ ...this.current, documents: [...this.current.documents, document] });
      } catch (error) {
        if (!(error instanceof StudylineError)) throw error;
        this.setState({ ...this.current, unreadable: this.current.unreadable + 1 });
      }
    }
    const result = await stream.result;
    if (signal.aborted) return;
    const done: ReportReaderState = { ...this.current, status: 'ready' };
    if (!result.complete) done.incompleteReason = result.reason ?? '';
    if (done.documents.length === 0) {
      done.status = 'error';
      done.error = result.complete
        ? new StudylineError('parse', 'The series contains no report that can be read.')
        : new StudylineError('truncated', result.reason ?? 'The retrieve ended before the report arrived.');
    }
    this.setState(done);
  }

  private setState(state: ReportReaderState): void {
    this.current = state;
    this.host.requestUpdate();
  }
}
