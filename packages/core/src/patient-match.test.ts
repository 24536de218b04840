import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOtherPatient, otherPatientMessage, withoutOtherPatients } from './patient-match.js';

describe('isOtherPatient', () => {
  const searched = [{ id: 'SL-0001', issuer: 'STUDYLINE-DEMO' }];

  it('keeps a study of the same ID and issuer', () => {
    assert.equal(isOtherPatient({ patient: { id: 'SL-0001', issuer: 'STUDYLINE-DEMO' } }, searched), false);
  });

  it('flags a study of another ID', () => {
    assert.equal(isOtherPatient({ patient: { id: 'OTHER-999' } }, searched), true);
  });

  it('flags the same ID from another issuer', () => {
    assert.equal(isOtherPatient({ patient: { id: 'SL-0001', issuer: 'OTHER-HOSPITAL' } }, searched), true);
  });

  it('ignores padding and urn:oid prefixes', () => {
    const byOid = [{ id: '123', issuer: '1.2.3.4' }];
    assert.equal(isOtherPatient({ patient: { id: ' 123 ', issuer: 'urn:oid:1.2.3.4' } }, byOid), false);
  });

  it('keeps a study without patient ID or issuer', () => {
    assert.equal(isOtherPatient({}, searched), false);
    assert.equal(isOtherPatient({ patient: { id: 'SL-0001' } }, searched), false);
  });

  it('matches any of several identifiers', () => {
    const several = [{ id: 'A1', issuer: 'X' }, { id: 'B2', issuer: 'Y' }];
    assert.equal(isOtherPatient({ patient: { id: 'B2', issuer: 'Y' } }, several), false);
    assert.equal(isOtherPatient({ patient: { id: 'B2', issuer: 'X' } }, several), true);
  });
});

describe('withoutOtherPatients', () => {
  it('counts the studies left out', () => {
    const studies = [{ patient: { id: 'P1' } }, { patient: { id: 'P2' } }, {}];
    const result = withoutOtherPatients(studies, [{ id: 'P1' }]);
    assert.equal(result.studies.length, 2);
    assert.equal(result.otherPatientCount, 1);
    assert.equal(otherPatientMessage(1), '1 result from the server belonged to another patient and was left out.');
  });
});
