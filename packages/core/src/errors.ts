/** Error category, in a form a host can branch on. */
export type StudylineErrorCode =
  /** The server could not be reached or the connection broke. */
  | 'network'
  /** The server responded with an HTTP error status. */
  | 'http'
  /** The server rejected the credentials, also after one token refresh. */
  | 'unauthorized'
  /** The server responded with a media type that the request cannot use. */
  | 'media-type'
  /** The body could not be parsed (JSON, XML, multipart or DICOM). */
  | 'parse'
  /** The body ended before it was complete. */
  | 'truncated'
  /** The request took longer than its time limit. */
  | 'timeout'
  /** The server processed the request and returned a failure status in its body, such as an XDS registry's Failure. */
  | 'rejected'
  /** The request would have put a credential in a URL. */
  | 'credentials-in-url'
  /** The adapter does not offer this operation. */
  | 'not-supported'
  /** The caller passed an invalid argument. */
  | 'invalid-argument';

export interface StudylineErrorOptions {
  status?: number;
  /** URL path without query or fragment, so that no patient identifier or credential leaks into logs. */
  path?: string;
  cause?: unknown;
}

/**
 * The error every Studyline package throws for a failed operation.
 *
 * Messages are plain sentences without patient data or credentials, so hosts
 * may log or show them. Aborts are not wrapped: they stay DOMException
 * `AbortError`, as `fetch` throws them.
 */
export class StudylineError extends Error {
  override readonly name = 'StudylineError';
  readonly code: StudylineErrorCode;
  readonly status?: number;
  readonly path?: string;

  constructor(code: StudylineErrorCode, message: string, options: StudylineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.path = options.path;
  }
}

/** Tells whether an error comes from an aborted signal. */
export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ((error as { name?: unknown }).name === 'AbortError' ||
      // AbortSignal.timeout() aborts with a TimeoutError DOMException.
      (error as { name?: unknown }).name === 'TimeoutError')
  );
}

/** Returns the path of a URL without query and fragment, for messages that must not carry patient data. */
export function safePath(url: string | URL): string {
  try {
    const parsed = typeof url === 'string' ? new URL(url, 'http://relative.invalid') : url;
    return parsed.pathname;
  } catch {
    return '(invalid URL)';
  }
}
