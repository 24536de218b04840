import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assigningAuthorityOid, escapeHl7, formatPatientCx, organizationName, parseCx, personNameFromXcn, unescapeHl7 } from './hl7.js';

describe('CX values', () => {
  it('parses a patient identifier with its assigning authority', () => {
    assert.deepEqual(parseCx('SL-0001^^^&1.2.3.4&ISO'), { id: 'SL-0001', assigningAuthority: { universalId: '1.2.3.4', universalIdType: 'ISO' } });
  });

  it('parses referenceIdList values with a type code', () => {
    assert.deepEqual(parseCx('1.2.3^^^^urn:ihe:iti:xds:2016:studyInstanceUID'), { id: '1.2.3', identifierTypeCode: 'urn:ihe:iti:xds:2016:studyInstanceUID' });
    assert.deepEqual(parseCx('A-1^^^RZ&1.2.9&ISO^urn:ihe:iti:xds:2013:accession'), {
      id: 'A-1',
      assigningAuthority: { namespaceId: 'RZ', universalId: '1.2.9', universalIdType: 'ISO' },
      identifierTypeCode: 'urn:ihe:iti:xds:2013:accession',
    });
  });

  it('returns undefined without an identifier', () => {
    assert.equal(parseCx('^^^&1.2&ISO'), undefined);
    assert.equal(parseCx(''), undefined);
  });

  it('escapes delimiters in a formatted identifier and reads them back', () => {
    const cx = formatPatientCx('A^B&C', '1.2.3');
    assert.equal(cx, 'A\\S\\B\\T\\C^^^&1.2.3&ISO');
    assert.equal(parseCx(cx)?.id, 'A^B&C');
    assert.equal(unescapeHl7(escapeHl7('a|b^c&d~e\\f')), 'a|b^c&d~e\\f');
  });
});

describe('assigningAuthorityOid', () => {
  it('reads an OID in each writing', () => {
    for (const text of ['1.2.3.4', 'urn:oid:1.2.3.4', '&1.2.3.4&ISO', 'NS&1.2.3.4&ISO']) assert.equal(assigningAuthorityOid(text), '1.2.3.4', text);
  });

  it('returns undefined for a namespace without OID', () => {
    assert.equal(assigningAuthorityOid('STUDYLINE-DEMO'), undefined);
    assert.equal(assigningAuthorityOid(undefined), undefined);
  });
});

describe('XON and XCN values', () => {
  it('reads the organization name', () => {
    assert.equal(organizationName('Rijnstad Ziekenhuis^^^^^&1.2.3&ISO^^^^RZ'), 'Rijnstad Ziekenhuis');
    assert.equal(organizationName('^^^^^&1.2.3&ISO'), undefined);
  });

  it('reads a person name as a DICOM PN', () => {
    assert.equal(personNameFromXcn('123^Kok^Femke^^^Dr'), 'Kok^Femke^^Dr');
    assert.equal(personNameFromXcn('123'), undefined);
  });
});
