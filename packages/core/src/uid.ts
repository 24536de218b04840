const UID_PATTERN = /^[0-9]+(\.[0-9]+)*$/;

/**
 * Normalises a DICOM UID for comparison: strips a `urn:oid:` prefix (any
 * case), surrounding spaces and the NUL padding of the UI VR.
 */
export function normalizeUid(uid: string): string {
  let value = uid.replace(/\0+$/, '').trim();
  if (value.length > 8 && value.slice(0, 8).toLowerCase() === 'urn:oid:') {
    value = value.slice(8);
  }
  return value;
}

/** Tells whether a string is a syntactically valid DICOM UID (digits and dots, at most 64 characters). */
export function isValidUid(uid: string): boolean {
  return uid.length > 0 && uid.length <= 64 && UID_PATTERN.test(uid);
}
