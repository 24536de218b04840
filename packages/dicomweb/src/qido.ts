/**
 * QIDO-RS requests with the response shapes servers really send: 204, an
 * empty 200, `[]`, a non-JSON page, a `Warning: 299` header, and `limit`/
 * `offset` paging that some servers ignore.
 */
import {
  StudylineError,
  readDatasetArray,
  safePath,
  warningText,
  type DicomJsonDataset,
  type HttpClient,
  type RequestKind,
  type RetryAfterInfo,
} from '@studyline/core';

export interface QidoPage {
  datasets: DicomJsonDataset[];
  /** Items that were not DICOM JSON objects. */
  skipped: number;
  /** Text of the Warning header, when the server sent one. */
  warning?: string;
}

const JSON_MEDIA_TYPE = /^application\/(?:dicom\+json|json|[\w.-]+\+json)\s*(?:;|$)/i;

/** Sends one QIDO-RS request and reads its response, tolerating every empty-result shape. */
export async function fetchQidoPage(
  http: HttpClient,
  url: string,
  kind: RequestKind,
  signal?: AbortSignal,
  onRetryAfter?: (info: RetryAfterInfo) => void,
): Promise<QidoPage> {
  const response = await http.request(url, {
    kind,
    signal,
    onRetryAfter,
    // A single media type: Orthanc 1.10 with DICOMweb plugin 1.7 logs an error for an Accept list on every request.
    headers: { Accept: 'application/dicom+json' },
  });
  const warningHeader = response.headers.get('Warning');
  const page: QidoPage = { datasets: [], skipped: 0 };
  if (warningHeader !== null) page.warning = warningText(warningHeader);
  if (response.status === 204) return page;

  const text = await response.text();
  if (text.trim() === '') return page;

  const contentType = response.headers.get('Content-Type') ?? '';
  const looksLikeJson = /^\s*[[{]/.test(text);
  if (!JSON_MEDIA_TYPE.test(contentType) && !(contentType === '' && looksLikeJson)) {
    const mediaType = contentType.split(';')[0].trim() || 'no media type';
    throw new StudylineError(
      'media-type',
      `The server answered ${mediaType} instead of DICOM JSON for ${safePath(url)}; this is often a login or proxy page. Check the DICOMweb address and the credentials.`,
      { status: response.status, path: safePath(url) },
    );
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StudylineError('parse', `The DICOM JSON from ${safePath(url)} is malformed and cannot be read.`, {
      path: safePath(url),
      cause: error,
    });
  }
  try {
    const { datasets, skipped } = readDatasetArray(json);
    page.datasets = datasets;
    page.skipped = skipped;
  } catch (error) {
    throw new StudylineError('parse', `The response from ${safePath(url)} is JSON but not a list of DICOM datasets.`, {
      path: safePath(url),
      cause: error,
    });
  }
  return page;
}

export interface PagedQuery<T> {
  http: HttpClient;
  /** URL without `limit` and `offset`. */
  url: string;
  kind: RequestKind;
  pageSize: number;
  maxResults: number;
  /** Maps a dataset to an item, or undefined when it cannot be read. */
  map: (dataset: DicomJsonDataset) => T | undefined;
  /** Identity of an item, to recognise a server that ignores `offset`. */
  key: (item: T) => string;
  signal?: AbortSignal;
  onRetryAfter?: (info: RetryAfterInfo) => void;
}

export interface PagedResult<T> {
  items: T[];
  /** The Warning text of the last page, when the server still reported that it had cut the list. */
  truncatedWarning?: string;
  /** Number of further results on the server, when its Warning reports it. */
  missingCount?: number;
  limitReached: boolean;
  /** Results that could not be read (not an object, no UID). */
  unreadable: number;
}

function appendPaging(url: string, limit: number, offset: number): string {
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}limit=${limit}&offset=${offset}`;
}

/**
 * Reads the number of missing results from a Warning text such as "There are
 * 35 additional results" or "Result limited to 4 of 9 matches".
 */
export function missingCountFromWarning(text: string): number | undefined {
  const more = /(\d+)\s+(?:additional|more|further|remaining)\b/i.exec(text);
  if (more) return Number(more[1]);
  const ofTotal = /\b(\d+)\s+of\s+(\d+)\b/i.exec(text);
  if (!ofTotal) return undefined;
  const missing = Number(ofTotal[2]) - Number(ofTotal[1]);
  return missing > 0 ? missing : undefined;
}

/**
 * Pages through a QIDO-RS query with `limit` and `offset` until the server
 * runs out of results, `maxResults` is reached, or the server stops
 * returning new results (it ignores `offset`). A Warning on a page is only a
 * truncation when it is still there on the last page: a server that caps a
 * page below `limit` and reports it is simply paged further.
 */
export async function queryAllPages<T>(query: PagedQuery<T>): Promise<PagedResult<T>> {
  const items: T[] = [];
  const keys = new Set<string>();
  let offset = 0;
  let unreadable = 0;
  let lastWarning: string | undefined;
  let limitReached = false;
  const maxPages = Math.ceil(query.maxResults / query.pageSize) + 2;

  for (let pageNumber = 0; pageNumber < maxPages; pageNumber++) {
    const page = await fetchQidoPage(query.http, appendPaging(query.url, query.pageSize, offset), query.kind, query.signal, query.onRetryAfter);
    lastWarning = page.warning;
    unreadable += page.skipped;
    let added = 0;
    for (const dataset of page.datasets) {
      const item = query.map(dataset);
      if (item === undefined) {
        unreadable++;
        continue;
      }
      const key = query.key(item);
      if (keys.has(key)) continue;
      keys.add(key);
      items.push(item);
      added++;
    }
    const received = page.datasets.length + page.skipped;
    if (received === 0 || added === 0) break;
    offset += received;
    if (items.length >= query.maxResults) {
      limitReached = true;
      break;
    }
    if (received < query.pageSize && page.warning === undefined) break;
  }

  const result: PagedResult<T> = { items: items.slice(0, query.maxResults), limitReached, unreadable };
  if (lastWarning !== undefined) {
    result.truncatedWarning = lastWarning;
    const missing = missingCountFromWarning(lastWarning);
    if (missing !== undefined) result.missingCount = missing;
  }
  return result;
}
