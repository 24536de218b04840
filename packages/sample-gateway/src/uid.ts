import { createHash } from 'node:crypto';

/**
 * UID root for the sample data: `1.2.826.0.1.3680043.8.498`, the root under
 * which pydicom generates UIDs (`pydicom.uid.PYDICOM_ROOT_UID`), so that no
 * sample UID looks like one of a real device's root.
 */
export const SAMPLE_UID_ROOT = '1.2.826.0.1.3680043.8.498.';

/** Number of decimal digits after the root. The root has 26 characters, so the UID stays within the 64 characters of UI. */
const SUFFIX_DIGITS = 37;

/**
 * Derives a UID from a seed and a path of names, such as
 * `deriveUid('demo', 'study', 'smc-2013-cr')`. The same input always gives the
 * same UID, so the generated history is the same on every machine.
 */
export function deriveUid(seed: string, ...path: readonly (string | number)[]): string {
  const digest = createHash('sha256').update([seed, ...path].join('\u0000')).digest();
  let value = 0n;
  for (const byte of digest.subarray(0, 16)) value = (value << 8n) | BigInt(byte);
  // A UID component must not start with 0, so the suffix starts with 1 to 9.
  const digits = value.toString().padStart(SUFFIX_DIGITS, '0').slice(-(SUFFIX_DIGITS - 1));
  const lead = 1 + (digest[16] % 9);
  return `${SAMPLE_UID_ROOT}${lead}${digits}`;
}
