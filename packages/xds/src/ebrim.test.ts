import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StudylineError } from '@studyline/core';
import { readStoredQueryResponse, slotValues } from './ebrim.js';
import { adhocQueryResponse, registryResponse, XmlWriter, type FixtureEntry, type PrefixStyle } from './test-support/fixtures.js';
import { retrieveResponse } from './test-support/fixtures.js';
import { readRetrieveResponse } from './retrieve.js';
import { NS } from './vocabulary.js';
import { parseXml } from './xml.js';

const STUDY_UID = '1.2.826.0.1.3680043.8.498.601';
const ENTRY: FixtureEntry = {
  id: 'urn:uuid:00000000-0000-4000-8000-000000000601',
  uniqueId: '1.2.826.0.1.3680043.8.498.601.99',
  home: 'urn:oid:1.3.6.1.4.1.21367.13.70.101',
  repositoryUniqueId: '1.3.6.1.4.1.21367.13.70.999',
  serviceStartTime: '20210304093000',
  creationTime: '20210304100000',
  title: 'CT thorax',
  studyInstanceUid: STUDY_UID,
  accession: 'RZ-2021-1',
  accessionAuthority: '1.2.826.0.1.3680043.8.498.2',
  eventCodes: [
    ['CT', '1.2.840.10008.2.16.4', 'Computed Tomography'],
    ['51185008', '2.16.840.1.113883.6.96', 'Thorax'],
  ],
  institution: 'Rijnstad Ziekenhuis',
  patientId: 'SL-0001^^^&1.2.3.4&ISO',
  sourcePatientInfo: ['PID-5|Jansen^Anna', 'PID-7|19680412', 'PID-8|F'],
};

function read(xml: string) {
  return readStoredQueryResponse(parseXml(xml, 'fixture').documentElement, 'fixture');
}

describe('readStoredQueryResponse', () => {
  const styles: PrefixStyle[] = ['conventional', 'default-namespace', 'generated'];
  const results = styles.flatMap((style) =>
    [false, true].map((pretty) => ({ style, pretty, result: read(adhocQueryResponse(new XmlWriter({ style, pretty }), { entries: [ENTRY] }, true)) })),
  );

  it('reads the same entry in every prefix style and layout', () => {
    const [first, ...others] = results;
    assert.equal(first.result.documents.length, 1);
    for (const other of others) {
      assert.deepEqual(other.result.documents, first.result.documents, `${other.style}, pretty ${other.pretty}`);
    }
  });

  it('reads the DocumentEntry fields', () => {
    const entry = results[0].result.documents[0];
    assert.equal(entry.entryUuid, ENTRY.id);
    assert.equal(entry.uniqueId, ENTRY.uniqueId);
    assert.equal(entry.homeCommunityId, ENTRY.home);
    assert.equal(entry.repositoryUniqueId, ENTRY.repositoryUniqueId);
    assert.equal(entry.serviceStartTime, '20210304093000');
    assert.equal(entry.creationTime, '20210304100000');
    assert.equal(entry.title, 'CT thorax');
    assert.equal(entry.mimeType, 'application/dicom');
    assert.equal(entry.availabilityStatus, 'urn:oasis:names:tc:ebxml-regrep:StatusType:Approved');
    assert.deepEqual(entry.patientId, { id: 'SL-0001', assigningAuthority: { universalId: '1.2.3.4', universalIdType: 'ISO' } });
    assert.deepEqual(entry.referenceIds.map((identifier) => identifier.identifierTypeCode), [
      'urn:ihe:iti:xds:2016:studyInstanceUID',
      'urn:ihe:iti:xds:2013:accession',
    ]);
    assert.deepEqual(entry.eventCodes[0], { code: 'CT', scheme: '1.2.840.10008.2.16.4', meaning: 'Computed Tomography' });
    assert.equal(entry.formatCode?.code, '1.2.840.10008.5.1.4.1.1.88.59');
    assert.deepEqual(entry.authors[0].institutions, ['Rijnstad Ziekenhuis^^^^^&1.2.3.4.5&ISO^^^^RZ']);
    assert.deepEqual(entry.sourcePatientInfo, ['PID-5|Jansen^Anna', 'PID-7|19680412', 'PID-8|F']);
  });

  it('ignores slot order', () => {
    const reversed = read(adhocQueryResponse(new XmlWriter(), { entries: [{ ...ENTRY, reverseSlots: true }] }, true));
    assert.deepEqual(reversed.documents, results[0].result.documents);
  });

  it('treats an empty Value as absent', () => {
    const result = read(adhocQueryResponse(new XmlWriter({ pretty: true }), { entries: [{ ...ENTRY, serviceStartTime: '', title: undefined }] }, true));
    assert.equal(result.documents[0].serviceStartTime, undefined);
    assert.equal(result.documents[0].creationTime, '20210304100000');
  });

  it('reads ObjectRef results with their home', () => {
    const result = read(
      adhocQueryResponse(new XmlWriter({ style: 'generated' }), { objectRefs: [{ id: 'urn:uuid:a', home: 'urn:oid:1.2' }, { id: 'urn:uuid:b' }] }, true),
    );
    assert.deepEqual(result.objectReferences, [{ id: 'urn:uuid:a', homeCommunityId: 'urn:oid:1.2' }, { id: 'urn:uuid:b' }]);
  });

  it('counts an ExtrinsicObject without id as unreadable', () => {
    const xml = `<q:AdhocQueryResponse xmlns:q="${NS.query}" xmlns:r="${NS.rim}" status="urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success"><r:RegistryObjectList><r:ExtrinsicObject mimeType="application/dicom"/></r:RegistryObjectList></q:AdhocQueryResponse>`;
    const result = read(xml);
    assert.equal(result.documents.length, 0);
    assert.equal(result.unreadable, 1);
  });

  it('reads Success, Failure and PartialSuccess in both namespaces', () => {
    const cases: [string, string, boolean][] = [
      ['urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success', 'success', false],
      ['urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure', 'failure', false],
      ['urn:ihe:iti:2007:ResponseStatusType:PartialSuccess', 'partial-success', false],
      ['urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:PartialSuccess', 'partial-success', true],
    ];
    for (const [urn, status, nonStandard] of cases) {
      const result = read(adhocQueryResponse(new XmlWriter(), { status: urn }, true));
      assert.equal(result.status, status, urn);
      assert.equal(result.nonStandardStatus, nonStandard, urn);
    }
  });

  it('rejects an unknown status', () => {
    assert.throws(() => read(adhocQueryResponse(new XmlWriter(), { status: 'urn:example:Maybe' }, true)), (error: unknown) => {
      assert.ok(error instanceof StudylineError);
      assert.equal(error.code, 'parse');
      assert.match(error.message, /unknown status "urn:example:Maybe"/);
      return true;
    });
  });

  it('reads errors with severity and location', () => {
    const result = read(
      adhocQueryResponse(
        new XmlWriter({ style: 'default-namespace' }),
        {
          status: 'urn:ihe:iti:2007:ResponseStatusType:PartialSuccess',
          entries: [ENTRY],
          errors: [
            { errorCode: 'XDSUnavailableCommunity', codeContext: 'Zuiderhaven did not answer', severity: 'Error', location: 'urn:oid:1.2.3' },
            { errorCode: 'XDSRegistryError', codeContext: 'slow', severity: 'Warning' },
            { errorCode: 'XDSRepositoryError', codeContext: 'no severity' },
          ],
        },
        true,
      ),
    );
    assert.equal(result.status, 'partial-success');
    assert.equal(result.documents.length, 1);
    assert.deepEqual(result.errors, [
      { errorCode: 'XDSUnavailableCommunity', codeContext: 'Zuiderhaven did not answer', severity: 'error', location: 'urn:oid:1.2.3' },
      { errorCode: 'XDSRegistryError', codeContext: 'slow', severity: 'warning' },
      { errorCode: 'XDSRepositoryError', codeContext: 'no severity', severity: 'error' },
    ]);
  });

  it('reads a bare RegistryResponse as a query answer', () => {
    const xml = registryResponse(
      new XmlWriter(),
      'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure',
      [{ errorCode: 'XDSStoredQueryParamNumber', codeContext: '$XDSDocumentEntryPatientId missing', severity: 'Error' }],
      true,
    );
    const result = read(xml);
    assert.equal(result.wrapper, 'RegistryResponse');
    assert.equal(result.status, 'failure');
    assert.equal(result.documents.length, 0);
    assert.equal(result.errors[0].errorCode, 'XDSStoredQueryParamNumber');
  });

  it('rejects another root element', () => {
    assert.throws(() => read(`<x:Other xmlns:x="urn:x"/>`), /instead of an AdhocQueryResponse/);
  });

  it('matches namespaces and not prefixes', () => {
    // The prefix "rim" bound to another namespace must not be read as ebRIM.
    const xml = `<query:AdhocQueryResponse xmlns:query="${NS.query}" xmlns:rim="urn:not-rim" status="urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success"><rim:RegistryObjectList><rim:ExtrinsicObject id="x"/></rim:RegistryObjectList></query:AdhocQueryResponse>`;
    assert.equal(read(xml).documents.length, 0);
  });
});

describe('slotValues', () => {
  it('keeps several values and drops empty ones', () => {
    const writer = new XmlWriter({ pretty: true });
    const xml = writer.element(NS.rim, 'ExtrinsicObject', { id: 'a' }, [writer.slot('x', ['one', '', '  two  '])], true);
    assert.deepEqual(slotValues(parseXml(xml, 'fixture').documentElement, 'x'), ['one', 'two']);
  });
});

describe('readRetrieveResponse', () => {
  it('reads PartialSuccess in the ebRS namespace with an error and a document', () => {
    const xml = retrieveResponse(
      new XmlWriter({ style: 'generated' }),
      'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:PartialSuccess',
      [{ repositoryUniqueId: '1.3.6.1.4.1.21367.13.70.999', documentUniqueId: '1.2.826.0.1.3680043.8.498.501.1', href: 'cid:p1@example.org' }],
      [{ errorCode: 'XDSDocumentUniqueIdError', codeContext: '1.2.826.0.1.3680043.8.498.501.2 not found', severity: 'Error' }],
    );
    const info = readRetrieveResponse(parseXml(xml, 'fixture').documentElement, 'fixture');
    assert.equal(info.status, 'partial-success');
    assert.equal(info.nonStandardStatus, true);
    assert.deepEqual(info.documents, [
      { repositoryUniqueId: '1.3.6.1.4.1.21367.13.70.999', documentUniqueId: '1.2.826.0.1.3680043.8.498.501.1', mimeType: 'application/dicom', contentId: 'p1@example.org' },
    ]);
    assert.equal(info.errors[0].errorCode, 'XDSDocumentUniqueIdError');
  });

  it('reads a document sent inline as base64', () => {
    const xml = retrieveResponse(new XmlWriter({ pretty: true }), 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success', [
      { repositoryUniqueId: '1.2', documentUniqueId: '1.2.3', base64: Buffer.from('hello').toString('base64') },
    ]);
    const info = readRetrieveResponse(parseXml(xml, 'fixture').documentElement, 'fixture');
    assert.deepEqual([...(info.documents[0].inline ?? [])], [...Buffer.from('hello')]);
  });
});
