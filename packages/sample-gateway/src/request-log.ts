/** The in-memory request log that tests read. It never contains Authorization values or the text of tokens this gateway issued. */

export interface RequestLogEntry {
  method: string;
  /** Path and query as requested, with credential values replaced by `[redacted]`. */
  path: string;
  status: number;
  /** Whether the request had an Authorization header. The value is never logged. */
  authorization: boolean;
  /** ISO 8601 time at which the request arrived. */
  time: string;
  durationMs: number;
  /** Key of the source for DICOMweb requests. */
  source?: string;
  /** True when the request was rejected for carrying a credential in its URL. */
  credentialInUrl: boolean;
  /** False when the connection closed before the whole response was sent. */
  completed: boolean;
}

/** Number of entries kept. Older ones are dropped first. */
const MAX_ENTRIES = 10_000;

export class RequestLog {
  private readonly list: RequestLogEntry[] = [];
  private rejectedForCredentials = 0;

  add(entry: RequestLogEntry): void {
    this.list.push(entry);
    if (entry.credentialInUrl) this.rejectedForCredentials++;
    if (this.list.length > MAX_ENTRIES) this.list.splice(0, this.list.length - MAX_ENTRIES);
  }

  /** The entries, oldest first. */
  get entries(): readonly RequestLogEntry[] {
    return this.list;
  }

  /** Number of requests rejected for a credential in the URL since the start or the last `clear()`. */
  get credentialRejections(): number {
    return this.rejectedForCredentials;
  }

  clear(): void {
    this.list.length = 0;
    this.rejectedForCredentials = 0;
  }
}
