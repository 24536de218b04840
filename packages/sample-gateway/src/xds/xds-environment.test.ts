// The XDS-I.b client of @studyline/xds against the sample gateway's XDS environment on 127.0.0.1:
// search across communities, manifest and image retrieval, and import into the gateway's own store.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { importStudy, type DicomInstance, type Study } from '@studyline/core';
import { DicomWebAdapter } from '@studyline/dicomweb';
import { XdsAdapter, manifestsOf, type XdsCommunityOptions, type XdsRetrieveResult } from '@studyline/xds';
import { startTestGateway, type TestGateway } from '../test-support.js';
import { SAMPLE_XDS_COMMUNITIES, XDS_PATIENT_ASSIGNING_AUTHORITY } from './communities.js';

const PATIENT = { id: 'SL-0001', issuer: XDS_PATIENT_ASSIGNING_AUTHORITY };

/** Communities reached through the gateway's initiating gateway endpoints, as the demo config describes them. */
function initiatingCommunities(url: string): XdsCommunityOptions[] {
  return SAMPLE_XDS_COMMUNITIES.map((community) => ({
    source: { id: `xds-${community.key}`, label: community.label, kind: 'external' },
    homeCommunityId: community.homeCommunityId,
    patientAssigningAuthority: XDS_PATIENT_ASSIGNING_AUTHORITY,
    queryUrl: `${url}/xds/registry`,
    documentRetrieveUrl: `${url}/xds/repository`,
    imagingRetrieveUrl: `${url}/xds/imaging`,
  }));
}

/** Communities reached through their own responding gateways, with the cross-community transactions. */
function respondingCommunities(url: string): XdsCommunityOptions[] {
  return SAMPLE_XDS_COMMUNITIES.map((community) => ({
    source: { id: `xds-${community.key}`, label: community.label, kind: 'external' },
    homeCommunityId: community.homeCommunityId,
    patientAssigningAuthority: XDS_PATIENT_ASSIGNING_AUTHORITY,
    queryUrl: `${url}/xds/${community.key}/query`,
    queryTransaction: 'ITI-38',
    documentRetrieveUrl: `${url}/xds/${community.key}/retrieve`,
    documentRetrieveTransaction: 'ITI-39',
    imagingRetrieveUrl: `${url}/xds/${community.key}/imaging`,
    imagingRetrieveTransaction: 'RAD-75',
  }));
}

async function collect(stream: AsyncIterable<DicomInstance> & { result: Promise<XdsRetrieveResult> }): Promise<{ instances: DicomInstance[]; result: XdsRetrieveResult }> {
  const instances: DicomInstance[] = [];
  for await (const instance of stream) instances.push(instance);
  return { instances, result: await stream.result };
}

describe('sample XDS-I.b environment', () => {
  let setup: TestGateway;
  let adapter: XdsAdapter;

  before(async () => {
    setup = await startTestGateway();
    adapter = new XdsAdapter({ communities: initiatingCommunities(setup.gateway.url), auth: () => ({ Authorization: `Bearer ${setup.token}` }) });
  });
  after(() => setup.gateway.close());

  it('finds the studies of two communities and reports the third as incomplete', async () => {
    const result = await adapter.searchStudies({ patient: PATIENT });
    const rijnstad = setup.gateway.stores.get('rijnstad');
    const noordzee = setup.gateway.stores.get('noordzee');
    assert.deepEqual(
      result.sources.map((outcome) => [outcome.source.id, outcome.status.state, outcome.studyCount]),
      [
        ['xds-rijnstad', 'complete', rijnstad?.studyCount],
        ['xds-noordzee', 'complete', noordzee?.studyCount],
        ['xds-zuiderhaven', 'incomplete', 0],
      ],
    );
    const status = result.sources[2].status;
    assert.match(status.state === 'incomplete' ? status.message : '', /XDSUnavailableCommunity/);
    assert.equal(result.studies.length, (rijnstad?.studyCount ?? 0) + (noordzee?.studyCount ?? 0));
    assert.equal(result.sources[0].source.community, SAMPLE_XDS_COMMUNITIES[0].homeCommunityId);
  });

  it('needs the patient identifier of the affinity domain', async () => {
    const hospitalPatient = { id: 'SL-0001', issuer: 'STUDYLINE-DEMO' };
    const result = await adapter.searchStudies({ patient: hospitalPatient });
    assert.deepEqual(result.sources.map((outcome) => outcome.status.state), ['failed', 'failed', 'failed']);
    const status = result.sources[0].status;
    assert.ok(status.state === 'failed' && status.error.code === 'invalid-argument');

    const lookups: [string, string][] = [];
    const resolving = new XdsAdapter({
      communities: initiatingCommunities(setup.gateway.url),
      auth: () => ({ Authorization: `Bearer ${setup.token}` }),
      resolvePatient: async (identifiers, authority) => {
        lookups.push([identifiers[0].issuer ?? '', authority]);
        return { id: identifiers[0].id, issuer: authority };
      },
    });
    const resolved = await resolving.searchStudies({ patient: hospitalPatient });
    assert.deepEqual(resolved.sources.map((outcome) => outcome.status.state), ['complete', 'complete', 'incomplete']);
    assert.ok(resolved.studies.length > 0);
    assert.deepEqual(lookups[0], ['STUDYLINE-DEMO', XDS_PATIENT_ASSIGNING_AUTHORITY]);
  });

  it('reads the study attributes from the registry entries', async () => {
    const result = await adapter.searchStudies({ patient: PATIENT });
    const store = setup.gateway.stores.get('rijnstad');
    const headStudy = result.studies.find((study) => study.accessionNumber === 'RZ-2014-11873') as Study;
    assert.ok(headStudy, 'the CT of the head at Rijnstad');
    assert.ok(store?.hasStudy(headStudy.studyInstanceUid));
    // StudyDate 20140217, StudyTime 2215 and TimezoneOffsetFromUTC +0100 give 21:15 UTC.
    assert.equal(headStudy.timestamp?.date, '2014-02-17');
    assert.equal(headStudy.timestamp?.time, '21:15');
    assert.equal(headStudy.description, 'CT hersenen');
    assert.deepEqual(headStudy.modalities, ['CT']);
    assert.deepEqual(headStudy.anatomicRegions.map((region) => region.code), ['69536005']);
    assert.equal(headStudy.institution, 'Rijnstad Ziekenhuis');
    assert.equal(headStudy.accessionIssuer?.universalId, '1.2.826.0.1.3680043.8.498.2');
    assert.equal(headStudy.patient?.name?.alphabetic, 'Jansen^Anna');
    assert.equal(manifestsOf(headStudy.sources[0].native)[0].repositoryUniqueId, SAMPLE_XDS_COMMUNITIES[0].repositoryUniqueId);
  });

  it('filters by modality and date range in the registry', async () => {
    const result = await adapter.searchStudies({ patient: PATIENT, modalities: ['MR'], dateRange: { from: '2018-01-01', to: '2019-12-31' } });
    assert.deepEqual(result.studies.map((study) => study.description).sort(), ['MRI heup', 'MRI schouder rechts']);
  });

  it('gives the same studies through the responding gateways with ITI-38', async () => {
    const direct = new XdsAdapter({ communities: respondingCommunities(setup.gateway.url), auth: () => ({ Authorization: `Bearer ${setup.token}` }) });
    const viaGateway = await adapter.searchStudies({ patient: PATIENT });
    const result = await direct.searchStudies({ patient: PATIENT });
    assert.deepEqual(result.studies.map((study) => study.studyInstanceUid), viaGateway.studies.map((study) => study.studyInstanceUid));
    assert.deepEqual(result.sources.map((outcome) => outcome.status.state), ['complete', 'complete', 'failed']);
    const failed = result.sources[2].status;
    assert.equal(failed.state === 'failed' && failed.error.status, 502);
  });

  it('falls back to ObjectRef results when the registry has too many', async () => {
    setup.gateway.xds.setMaxLeafClassResults(3);
    try {
      const result = await adapter.searchStudies({ patient: PATIENT });
      assert.deepEqual(result.sources.map((outcome) => outcome.status.state), ['complete', 'complete', 'incomplete']);
      assert.equal(result.studies.length, (setup.gateway.stores.get('rijnstad')?.studyCount ?? 0) + (setup.gateway.stores.get('noordzee')?.studyCount ?? 0));
    } finally {
      setup.gateway.xds.setMaxLeafClassResults(undefined);
    }
  });

  it('retrieves a study with RAD-69 as byte-identical Part 10 files', async () => {
    const result = await adapter.searchStudies({ patient: PATIENT });
    const study = result.studies.find((candidate) => candidate.accessionNumber === 'RZ-2025-01877') as Study;
    const records = setup.gateway.stores.get('rijnstad')?.studyInstances(study.studyInstanceUid) ?? [];
    assert.ok(records.length > 0);

    const series = await adapter.listSeries(study);
    assert.equal(series.reduce((sum, item) => sum + (item.numberOfInstances ?? 0), 0), records.length);

    const { instances, result: outcome } = await collect(adapter.retrieveStudy(study));
    assert.equal(outcome.complete, true, outcome.reason);
    assert.deepEqual(outcome.missing, []);
    assert.equal(instances.length, records.length);
    for (const record of records) {
      const instance = instances.find((candidate) => candidate.sopInstanceUid === record.sopInstanceUid);
      assert.ok(instance, record.sopInstanceUid);
      assert.deepEqual(Buffer.from(instance.data), await readFile(record.path), record.sopInstanceUid);
      assert.equal(instance.transferSyntaxUid, record.transferSyntaxUid);
    }
  });

  it('retrieves across communities with ITI-39 and RAD-75', async () => {
    const direct = new XdsAdapter({ communities: respondingCommunities(setup.gateway.url), auth: () => ({ Authorization: `Bearer ${setup.token}` }) });
    const result = await direct.searchStudies({ patient: PATIENT });
    const study = result.studies.find((candidate) => candidate.accessionNumber === 'NK19-1046') as Study;
    const { instances, result: outcome } = await collect(direct.retrieveStudy(study));
    assert.equal(outcome.complete, true, outcome.reason);
    for (const instance of instances) {
      const record = setup.gateway.stores.get('noordzee')?.studyInstances(study.studyInstanceUid).find((candidate) => candidate.sopInstanceUid === instance.sopInstanceUid);
      assert.deepEqual(Buffer.from(instance.data), await readFile(record?.path as string));
    }
  });

  it('reports unaccepted transfer syntaxes as missing', async () => {
    const strict = new XdsAdapter({
      communities: initiatingCommunities(setup.gateway.url),
      auth: () => ({ Authorization: `Bearer ${setup.token}` }),
      transferSyntaxes: ['1.2.840.10008.1.2.1'],
    });
    const result = await strict.searchStudies({ patient: PATIENT });
    // The thyroid scan's template is JPEG 2000, which the request does not accept.
    const study = result.studies.find((candidate) => candidate.accessionNumber === 'RZ-2023-06631') as Study;
    const { instances, result: outcome } = await collect(strict.retrieveStudy(study));
    assert.equal(instances.length, 0);
    assert.equal(outcome.complete, false);
    assert.equal(outcome.missing[0].errorCode, 'urn:dicom:wado:0007');
  });

  it('imports an XDS study into the own store', async () => {
    const result = await adapter.searchStudies({ patient: PATIENT });
    const study = result.studies.find((candidate) => candidate.accessionNumber === 'RZ-2016-40210') as Study;
    const target = new DicomWebAdapter({
      baseUrl: `${setup.gateway.url}/dicomweb/own`,
      source: { id: 'own', label: 'Studyline Medisch Centrum', kind: 'internal' },
      auth: () => ({ Authorization: `Bearer ${setup.token}` }),
    });
    const outcome = await importStudy({ study, source: adapter, target });
    assert.equal(outcome.state, 'done', outcome.reason);
    assert.equal(outcome.verified, true);
    const records = setup.gateway.stores.get('rijnstad')?.studyInstances(study.studyInstanceUid) ?? [];
    assert.equal(outcome.expected, records.length);
    for (const record of records) {
      const stored = setup.gateway.stores.get('own')?.instance(record.studyInstanceUid, record.seriesInstanceUid, record.sopInstanceUid);
      assert.ok(stored, record.sopInstanceUid);
      assert.deepEqual(await readFile(stored.path), await readFile(record.path), record.sopInstanceUid);
    }
  });

  it('rejects requests without a bearer token and unsupported actions', async () => {
    const body = '<?xml version="1.0"?><S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope"><S:Header><a:Action xmlns:a="http://www.w3.org/2005/08/addressing">urn:example:Other</a:Action></S:Header><S:Body><x:Y xmlns:x="urn:x"/></S:Body></S:Envelope>';
    const headers = { 'Content-Type': 'application/soap+xml' };
    const unauthenticated = await setup.fetchPlain('/xds/registry', { method: 'POST', headers, body });
    assert.equal(unauthenticated.status, 401);
    const wrongAction = await setup.get('/xds/registry', { method: 'POST', headers, body });
    assert.equal(wrongAction.status, 400);
    assert.match(await wrongAction.text(), /ActionNotSupported/);
    const notSoap = await setup.get('/xds/registry', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello' });
    assert.equal(notSoap.status, 415);
  });

  it('answers a query without patient id with a failure', async () => {
    const body =
      '<?xml version="1.0"?><S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope"><S:Header><a:Action xmlns:a="http://www.w3.org/2005/08/addressing">urn:ihe:iti:2007:RegistryStoredQuery</a:Action></S:Header><S:Body>' +
      '<q:AdhocQueryRequest xmlns:q="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" xmlns:r="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0"><q:ResponseOption returnType="LeafClass"/>' +
      '<r:AdhocQuery id="urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d"><r:Slot name="$XDSDocumentEntryStatus"><r:ValueList><r:Value>(\'urn:oasis:names:tc:ebxml-regrep:StatusType:Approved\')</r:Value></r:ValueList></r:Slot></r:AdhocQuery>' +
      '</q:AdhocQueryRequest></S:Body></S:Envelope>';
    const response = await setup.get('/xds/registry', { method: 'POST', headers: { 'Content-Type': 'application/soap+xml' }, body });
    const text = await response.text();
    assert.match(text, /ResponseStatusType:Failure/);
    assert.match(text, /XDSStoredQueryParamNumber/);
  });
});
