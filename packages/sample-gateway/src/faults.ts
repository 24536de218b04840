/** Faults that a source can be set to show, so that clients can be tested against a misbehaving server. */

export interface SourceFaults {
  /** Delay before each DICOMweb request of the source is handled, in milliseconds. */
  latencyMs?: number;
  /** HTTP status (such as 500) with which every request of the source fails, with a plain-text body. */
  failStatus?: number;
  /** Respond to QIDO-RS searches with 204 No Content and no body. */
  qidoNoContent?: boolean;
  /** Respond to every request of the source with 200 and an HTML page, as a login portal or proxy error page would. */
  htmlResponse?: boolean;
  /** End WADO-RS retrieve responses after this many parts, without the closing boundary. */
  cutRetrieveAfterParts?: number;
  /** Respond to WADO-RS retrieves with 206 Partial Content and at most this many parts (always fewer than all). */
  partialRetrieveParts?: number;
  /** Number of requests that get 503 with `Retry-After: 1` before the source serves normally again. */
  serviceUnavailableCount?: number;
}

/** Validates fault settings, so that a typo in a test fails loudly instead of injecting nothing. */
export function validateFaults(sourceKey: string, faults: SourceFaults): SourceFaults {
  const known = new Set([
    'latencyMs',
    'failStatus',
    'qidoNoContent',
    'htmlResponse',
    'cutRetrieveAfterParts',
    'partialRetrieveParts',
    'serviceUnavailableCount',
  ]);
  for (const key of Object.keys(faults)) {
    if (!known.has(key)) throw new TypeError(`Unknown fault "${key}" for source "${sourceKey}".`);
  }
  const counts = ['latencyMs', 'cutRetrieveAfterParts', 'partialRetrieveParts', 'serviceUnavailableCount'] as const;
  for (const key of counts) {
    const value = faults[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw new TypeError(`Fault "${key}" for source "${sourceKey}" must be a non-negative integer, not ${value}.`);
    }
  }
  if (faults.failStatus !== undefined && !(Number.isInteger(faults.failStatus) && faults.failStatus >= 400 && faults.failStatus <= 599)) {
    throw new TypeError(`Fault "failStatus" for source "${sourceKey}" must be an HTTP error status (400-599), not ${faults.failStatus}.`);
  }
  return { ...faults };
}
