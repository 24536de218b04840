/**
 * A guard against studies of another patient in a search result. A server
 * that ignores or mismatches the PatientID key returns other patients'
 * studies, and the history must not show them as this patient's.
 */
import type { PatientIdentifier, SourceStatus } from './adapter.js';
import type { Study } from './model.js';

function normalizedIssuer(issuer: string | undefined): string | undefined {
  const trimmed = issuer?.trim().replace(/^urn:oid:/i, '');
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Tells whether a study names a patient other than every identifier that was
 * searched for. IDs are compared exactly after trimming spaces, and issuers
 * only when both sides name one. A study without a patient ID cannot be checked and
 * counts as a match.
 */
export function isOtherPatient(study: Pick<Study, 'patient'>, identifiers: readonly PatientIdentifier[]): boolean {
  const id = study.patient?.id?.trim();
  if (id === undefined || id === '' || identifiers.length === 0) return false;
  const issuer = normalizedIssuer(study.patient?.issuer);
  return !identifiers.some((identifier) => {
    if (identifier.id.trim() !== id) return false;
    const searchedIssuer = normalizedIssuer(identifier.issuer);
    return searchedIssuer === undefined || issuer === undefined || searchedIssuer === issuer;
  });
}

/** Splits search results into the studies of the searched patient and the number of other patients' studies left out. */
export function withoutOtherPatients<T extends Pick<Study, 'patient'>>(
  studies: readonly T[],
  identifiers: readonly PatientIdentifier[],
): { studies: T[]; otherPatientCount: number } {
  const samePatient = studies.filter((study) => !isOtherPatient(study, identifiers));
  return { studies: samePatient, otherPatientCount: studies.length - samePatient.length };
}

/** Returns the sentence for a source status whose results contained other patients' studies. */
export function otherPatientMessage(count: number): string {
  return `${count} result${count === 1 ? '' : 's'} from the server belonged to another patient and ${count === 1 ? 'was' : 'were'} left out.`;
}

/** Marks a source's status incomplete when studies of another patient were left out, or adds that to its message. */
export function withOtherPatientNote(status: SourceStatus, otherPatientCount: number): SourceStatus {
  if (otherPatientCount === 0) return status;
  const message = otherPatientMessage(otherPatientCount);
  if (status.state === 'complete') return { state: 'incomplete', reason: 'other-patient', message };
  if (status.state === 'incomplete') return { ...status, message: `${status.message} ${message}` };
  return status;
}
