// The ebRIM reader on the browser's native DOMParser, which browsers use instead of xmldom.
import { expect } from '@open-wc/testing';
import { StudylineError } from '@studyline/core';
import { readStoredQueryResponse } from './ebrim.js';
import { adhocQueryResponse, XmlWriter, type FixtureEntry, type PrefixStyle } from './test-support/fixtures.js';
import { parseXml } from './xml.js';

const ENTRY: FixtureEntry = {
  id: 'urn:uuid:00000000-0000-4000-8000-000000000701',
  uniqueId: '1.2.826.0.1.3680043.8.498.701.99',
  home: 'urn:oid:1.3.6.1.4.1.21367.13.70.101',
  repositoryUniqueId: '1.3.6.1.4.1.21367.13.70.999',
  serviceStartTime: '',
  creationTime: '20041224',
  title: 'MR knie',
  studyInstanceUid: '1.2.826.0.1.3680043.8.498.701',
  eventCodes: [['MR', '1.2.840.10008.2.16.4', 'Magnetic Resonance']],
  institution: 'Rijnstad Ziekenhuis',
  patientId: 'SL-0001^^^&1.2.3.4&ISO',
};

function read(style: PrefixStyle, pretty: boolean) {
  const xml = adhocQueryResponse(new XmlWriter({ style, pretty }), { entries: [ENTRY] }, true);
  return readStoredQueryResponse(parseXml(xml, 'fixture').documentElement, 'fixture');
}

describe('parseXml in the browser', () => {
  it('uses the native DOMParser', () => {
    const document = parseXml('<a xmlns="urn:x"><b/></a>', 'fixture');
    expect(document).to.be.instanceOf(XMLDocument);
    expect(document.documentElement.namespaceURI).to.equal('urn:x');
  });

  it('reads one entry alike in every prefix style', () => {
    const first = read('conventional', false);
    expect(first.documents).to.have.length(1);
    expect(first.documents[0].uniqueId).to.equal(ENTRY.uniqueId);
    expect(first.documents[0].homeCommunityId).to.equal(ENTRY.home);
    expect(first.documents[0].title).to.equal('MR knie');
    expect(first.documents[0].creationTime).to.equal('20041224');
    expect(first.documents[0].serviceStartTime).to.equal(undefined);
    expect(first.documents[0].eventCodes[0]).to.deep.equal({ code: 'MR', scheme: '1.2.840.10008.2.16.4', meaning: 'Magnetic Resonance' });
    for (const style of ['default-namespace', 'generated'] as const) {
      for (const pretty of [false, true]) {
        expect(read(style, pretty).documents, `${style}, pretty ${pretty}`).to.deep.equal(first.documents);
      }
    }
  });

  it('rejects malformed XML with a parse error', () => {
    let caught: unknown;
    try {
      parseXml('<Envelope><Body></Envelope>', 'registry response');
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(StudylineError);
    expect((caught as StudylineError).code).to.equal('parse');
    expect((caught as StudylineError).message).to.contain('registry response is not well-formed XML');
  });

  it('rejects a document type declaration', () => {
    expect(() => parseXml('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', 'fixture')).to.throw(StudylineError, /document type declaration/);
  });
});
