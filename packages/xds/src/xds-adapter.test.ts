import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { StudylineError, type DicomInstance, type SourceInfo, type Study } from '@studyline/core';
import { makePart10 } from '../../core/src/test-support/make-part10.js';
import { startTestServer, type TestServer } from '../../core/src/test-support/http-server.js';
import { SoapFaultError } from './soap.js';
import { manifestsOf } from './studies.js';
import {
  adhocQueryResponse,
  multipartBody,
  registryResponse,
  retrieveResponse,
  soapEnvelope,
  XmlWriter,
  type FixtureEntry,
  type FixturePart,
  type QueryResponseFixture,
} from './test-support/fixtures.js';
import { makeKos } from './test-support/make-kos.js';
import { XdsAdapter, XdsQueryError, type XdsAdapterOptions, type XdsCommunityOptions } from './xds-adapter.js';
import type { XdsRetrieveResult } from './retrieve.js';
import { NS } from './vocabulary.js';
import { parseXml } from './xml.js';

const HOME_A = 'urn:oid:1.3.6.1.4.1.21367.13.70.101';
const HOME_B = 'urn:oid:1.3.6.1.4.1.21367.13.70.102';
const HOME_C = 'urn:oid:1.3.6.1.4.1.21367.13.70.103';
const AUTHORITY = '1.3.6.1.4.1.21367.13.20.1000';
const PATIENT = { id: 'SL-0001', issuer: AUTHORITY };
const UID = '1.2.826.0.1.3680043.8.498';
const SUCCESS = 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success';
const PARTIAL = 'urn:ihe:iti:2007:ResponseStatusType:PartialSuccess';
const FAILURE = 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure';

function source(id: string, label: string): SourceInfo {
  return { id, label, kind: 'external' };
}

function entry(id: string, study: string, home: string, extra: Partial<FixtureEntry> = {}): FixtureEntry {
  return {
    id: `urn:uuid:00000000-0000-4000-8000-${id.padStart(12, '0')}`,
    uniqueId: `${UID}.${study}.99`,
    home,
    repositoryUniqueId: '1.3.6.1.4.1.21367.13.70.900',
    serviceStartTime: '20210304093000',
    studyInstanceUid: `${UID}.${study}`,
    eventCodes: [['CT', '1.2.840.10008.2.16.4']],
    ...extra,
  };
}

/** Reads the SOAP envelope and WS-Addressing action of a request body, also of an MTOM package. */
function soapOf(body: Buffer): { action: string; document: Document; xml: string } {
  const text = body.toString('utf8');
  const start = text.indexOf('<?xml');
  const end = text.indexOf('</soap:Envelope>') + '</soap:Envelope>'.length;
  const xml = text.slice(start, end);
  const document = parseXml(xml, 'request');
  const action = document.getElementsByTagNameNS(NS.wsa, 'Action')[0].textContent ?? '';
  return { action, document, xml };
}

function slotValue(document: Document, name: string): string | undefined {
  const slots = document.getElementsByTagNameNS(NS.rim, 'Slot');
  for (let index = 0; index < slots.length; index++) {
    if (slots[index].getAttribute('name') === name) return slots[index].getElementsByTagNameNS(NS.rim, 'Value')[0].textContent ?? undefined;
  }
  return undefined;
}

function sendQueryAnswer(response: ServerResponse, fixture: QueryResponseFixture, writer = new XmlWriter()): void {
  response.writeHead(200, { 'Content-Type': 'application/soap+xml; charset=UTF-8' });
  response.end(soapEnvelope(writer, adhocQueryResponse(writer, fixture)));
}

function sendMtom(response: ServerResponse, rootXml: string, attachments: FixturePart[], rootFirst = true): void {
  const boundary = 'uuid:f693220a-ef9b-4e62-8d02-f8ea7918b7d9';
  const root: FixturePart = {
    headers: { 'Content-Type': 'application/xop+xml; charset=UTF-8; type="application/soap+xml"', 'Content-ID': '<root.message@cxf.apache.org>' },
    body: rootXml,
  };
  const parts = rootFirst ? [root, ...attachments] : [...attachments, root];
  response.writeHead(200, {
    'Content-Type': `multipart/related; type="application/xop+xml"; boundary="${boundary}"; start="<root.message@cxf.apache.org>"; start-info="application/soap+xml"`,
  });
  response.end(multipartBody(boundary, parts));
}

function communities(server: TestServer, overrides: Partial<XdsCommunityOptions>[] = []): XdsCommunityOptions[] {
  const base = (id: string, label: string, home: string): XdsCommunityOptions => ({
    source: source(id, label),
    homeCommunityId: home,
    patientAssigningAuthority: AUTHORITY,
    queryUrl: `${server.url}/gateway/query`,
    documentRetrieveUrl: `${server.url}/gateway/retrieve`,
    imagingRetrieveUrl: `${server.url}/gateway/imaging`,
  });
  return [base('rijnstad', 'Rijnstad Ziekenhuis', HOME_A), base('noordzee', 'Noordzee Kliniek', HOME_B), base('zuiderhaven', 'Zuiderhaven', HOME_C)].map(
    (community, index) => ({ ...community, ...overrides[index] }),
  );
}

function adapterFor(server: TestServer, options: Partial<XdsAdapterOptions> = {}, overrides: Partial<XdsCommunityOptions>[] = []): XdsAdapter {
  return new XdsAdapter({ communities: communities(server, overrides), auth: () => ({ Authorization: 'Bearer t-1' }), ...options });
}

describe('XdsAdapter search', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('splits gateway results by community', async () => {
    server.handle((_request, response) =>
      sendQueryAnswer(
        response,
        {
          status: PARTIAL,
          entries: [entry('1', '1', HOME_A, { title: 'CT thorax' }), entry('2', '2', HOME_A), entry('3', '2', HOME_B), entry('4', '3', HOME_B, { serviceStartTime: '20190101' })],
          errors: [{ errorCode: 'XDSUnavailableCommunity', codeContext: 'Responding gateway timed out', severity: 'Error', location: HOME_C }],
        },
        new XmlWriter({ style: 'generated', pretty: true }),
      ),
    );
    const partials: number[] = [];
    const result = await adapterFor(server).searchStudies({ patient: [{ id: 'other', issuer: 'X' }, PATIENT] }, { onPartialResult: (partial) => partials.push(partial.sources.length) });

    assert.equal(server.requests.length, 1, 'one query for the communities that share the endpoint');
    assert.deepEqual(partials, [3]);
    assert.deepEqual(
      result.sources.map((outcome) => [outcome.source.id, outcome.status.state, outcome.studyCount]),
      [
        ['rijnstad', 'complete', 2],
        ['noordzee', 'complete', 2],
        ['zuiderhaven', 'incomplete', 0],
      ],
    );
    const unavailable = result.sources[2].status;
    assert.equal(unavailable.state === 'incomplete' && unavailable.reason, 'partial-success');
    assert.match(unavailable.state === 'incomplete' ? unavailable.message : '', /Zuiderhaven is unavailable: XDSUnavailableCommunity – Responding gateway timed out/);
    assert.equal(result.sources[0].source.community, HOME_A);

    assert.deepEqual(result.studies.map((study) => study.studyInstanceUid), [`${UID}.1`, `${UID}.2`, `${UID}.3`], 'newest first, ties by UID');
    assert.equal(result.studies.length, 3, 'the study held by two communities is one study');
    const shared = result.studies.find((study) => study.studyInstanceUid === `${UID}.2`) as Study;
    assert.deepEqual(shared.sources.map((studySource) => studySource.source.id), ['rijnstad', 'noordzee']);
  });

  it('sends the FindDocuments parameters', async () => {
    server.handle((_request, response) => sendQueryAnswer(response, { entries: [] }));
    await adapterFor(server).searchStudies({ patient: PATIENT, modalities: ['ct', 'MR'], dateRange: { from: '2020-01-01', to: '2020-12-31' } });
    const [request] = server.requests;
    assert.equal(request.headers.authorization, 'Bearer t-1');
    const { action, document } = soapOf(request.body);
    assert.equal(action, 'urn:ihe:iti:2007:RegistryStoredQuery');
    const query = document.getElementsByTagNameNS(NS.rim, 'AdhocQuery')[0];
    assert.equal(query.getAttribute('id'), 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d');
    assert.equal(document.getElementsByTagNameNS(NS.query, 'ResponseOption')[0].getAttribute('returnType'), 'LeafClass');
    assert.equal(slotValue(document, '$XDSDocumentEntryPatientId'), `'SL-0001^^^&${AUTHORITY}&ISO'`);
    assert.equal(slotValue(document, '$XDSDocumentEntryStatus'), "('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')");
    assert.equal(slotValue(document, '$XDSDocumentEntryFormatCode'), "('1.2.840.10008.5.1.4.1.1.88.59^^1.2.840.10008.2.6.1')");
    assert.equal(slotValue(document, '$XDSDocumentEntryEventCodeList'), "('CT^^1.2.840.10008.2.16.4','MR^^1.2.840.10008.2.16.4')");
    assert.equal(slotValue(document, '$XDSDocumentEntryServiceStartTimeFrom'), '20200101');
    assert.equal(slotValue(document, '$XDSDocumentEntryServiceStartTimeTo'), '20210101');
  });

  it('queries responding gateways with ITI-38', async () => {
    server.handle((request, response) => {
      const home = request.url?.includes('/a/') ? HOME_A : HOME_B;
      sendQueryAnswer(response, { entries: [entry('1', request.url?.includes('/a/') ? '10' : '11', home)] }, new XmlWriter({ style: 'default-namespace' }));
    });
    const adapter = new XdsAdapter({
      communities: communities(server, [
        { queryUrl: `${server.url}/a/query`, queryTransaction: 'ITI-38' },
        { queryUrl: `${server.url}/b/query`, queryTransaction: 'ITI-38' },
      ]).slice(0, 2),
    });
    const result = await adapter.searchStudies({ patient: PATIENT });
    assert.equal(server.requests.length, 2);
    assert.deepEqual(server.requests.map((request) => soapOf(request.body).action), ['urn:ihe:iti:2007:CrossGatewayQuery', 'urn:ihe:iti:2007:CrossGatewayQuery']);
    assert.deepEqual(result.sources.map((outcome) => [outcome.source.id, outcome.studyCount]), [['rijnstad', 1], ['noordzee', 1]]);
  });

  it('falls back after XDSTooManyResults', async () => {
    const all = [entry('1', '21', HOME_A), entry('2', '22', HOME_A), entry('3', '23', HOME_B)];
    server.handle((_request, response, body) => {
      const { document } = soapOf(body);
      const queryId = document.getElementsByTagNameNS(NS.rim, 'AdhocQuery')[0].getAttribute('id');
      const returnType = document.getElementsByTagNameNS(NS.query, 'ResponseOption')[0].getAttribute('returnType');
      if (queryId === 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d' && returnType === 'LeafClass') {
        sendQueryAnswer(response, { status: FAILURE, errors: [{ errorCode: 'XDSTooManyResults', codeContext: 'More than 2 results', severity: 'Error' }] });
      } else if (queryId === 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d') {
        sendQueryAnswer(response, { objectRefs: all.map((item) => ({ id: item.id, home: item.home })) });
      } else {
        const ids: string[] = (slotValue(document, '$XDSDocumentEntryEntryUUID') ?? '').match(/urn:uuid:[0-9a-f-]+/g) ?? [];
        sendQueryAnswer(response, { entries: all.filter((item) => ids.includes(item.id)) });
      }
    });
    const result = await adapterFor(server, { getDocumentsBatchSize: 1 }).searchStudies({ patient: PATIENT });
    assert.equal(server.requests.length, 5, 'LeafClass, ObjectRef and three GetDocuments batches');
    const getDocuments = server.requests.slice(2).map((request) => soapOf(request.body).document.getElementsByTagNameNS(NS.rim, 'AdhocQuery')[0]);
    assert.deepEqual(getDocuments.map((query) => query.getAttribute('id')), Array(3).fill('urn:uuid:5c4f972b-d56b-40ac-a5fc-c8ca9b40b9d4'));
    assert.deepEqual(getDocuments.map((query) => query.getAttribute('home')), [HOME_A, HOME_A, HOME_B]);
    assert.deepEqual(result.sources.map((outcome) => [outcome.status.state, outcome.studyCount]), [['complete', 2], ['complete', 1], ['complete', 0]]);
    assert.equal(result.studies.length, 3);
  });

  it('reports a bare RegistryResponse failure', async () => {
    server.handle((_request, response) => {
      const writer = new XmlWriter();
      response.writeHead(200, { 'Content-Type': 'application/soap+xml' });
      response.end(soapEnvelope(writer, registryResponse(writer, FAILURE, [{ errorCode: 'XDSStoredQueryParamNumber', codeContext: '$XDSDocumentEntryPatientId missing', severity: 'Error' }])));
    });
    const result = await adapterFor(server).searchStudies({ patient: PATIENT });
    assert.equal(result.studies.length, 0);
    for (const outcome of result.sources) {
      assert.equal(outcome.status.state, 'failed');
      const error = outcome.status.state === 'failed' ? outcome.status.error : undefined;
      assert.ok(error instanceof XdsQueryError);
      assert.equal(error.code, 'rejected');
      assert.equal(error.message, 'The query failed: XDSStoredQueryParamNumber – $XDSDocumentEntryPatientId missing.');
      assert.equal(error.registryErrors[0].errorCode, 'XDSStoredQueryParamNumber');
    }
  });

  it('fails on SOAP fault or non-XML response', async () => {
    server.handle((_request, response) => {
      response.writeHead(500, { 'Content-Type': 'application/soap+xml' });
      response.end(`<e:Envelope xmlns:e="${NS.soap12}"><e:Body><e:Fault><e:Code><e:Value>e:Receiver</e:Value></e:Code><e:Reason><e:Text>Registry database offline</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>`);
    });
    let result = await adapterFor(server).searchStudies({ patient: PATIENT });
    let status = result.sources[0].status;
    assert.equal(status.state, 'failed');
    assert.ok(status.state === 'failed' && status.error instanceof SoapFaultError);
    assert.match(status.state === 'failed' ? status.error.message : '', /Registry database offline/);

    server.handle((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<html><body>Login</body></html>');
    });
    result = await adapterFor(server).searchStudies({ patient: PATIENT });
    status = result.sources[0].status;
    assert.equal(status.state === 'failed' && status.error.code, 'media-type');
  });

  it('marks general partial success incomplete', async () => {
    server.handle((_request, response) =>
      sendQueryAnswer(response, { status: PARTIAL, entries: [entry('1', '31', HOME_A)], errors: [{ errorCode: 'XDSRegistryError', codeContext: 'Index rebuilding', severity: 'Error' }] }),
    );
    const result = await adapterFor(server).searchStudies({ patient: PATIENT });
    assert.deepEqual(result.sources.map((outcome) => outcome.status.state), ['incomplete', 'incomplete', 'incomplete']);
    assert.equal(result.studies.length, 1);
  });

  it('leaves out entries of another patient', async () => {
    const entries = [
      entry('1', '41', HOME_A, { patientId: `SL-0001^^^&${AUTHORITY}&ISO` }),
      entry('2', '42', HOME_A, { patientId: `OTHER-999^^^&${AUTHORITY}&ISO` }),
    ];
    server.handle((_request, response) => sendQueryAnswer(response, { status: SUCCESS, entries }));
    const result = await adapterFor(server).searchStudies({ patient: PATIENT });
    assert.deepEqual(
      result.studies.map((study) => study.studyInstanceUid),
      [`${UID}.41`],
    );
    const status = result.sources[0].status;
    assert.equal(status.state === 'incomplete' ? status.reason : status.state, 'other-patient');
    assert.equal(result.sources[1].status.state, 'complete');
  });

  it('shows UTC service times in the configured zone', async () => {
    server.handle((_request, response) => sendQueryAnswer(response, { status: SUCCESS, entries: [entry('1', '51', HOME_A, { serviceStartTime: '20250110150200' })] }));
    const amsterdam = await adapterFor(server, { timeZone: 'Europe/Amsterdam' }).searchStudies({ patient: PATIENT });
    assert.equal(amsterdam.studies[0].timestamp?.time, '16:02:00');
    assert.equal(amsterdam.studies[0].timestamp?.utcOffsetMinutes, 60);
    const utc = await adapterFor(server, { timeZone: 'UTC' }).searchStudies({ patient: PATIENT });
    assert.equal(utc.studies[0].timestamp?.time, '15:02:00');
    assert.throws(() => adapterFor(server, { timeZone: 'Mars/Olympus' }), /not an IANA time zone/);
  });

  it('fails without affinity domain patient ID', async () => {
    server.handle((_request, response) => sendQueryAnswer(response, { entries: [] }));
    const result = await adapterFor(server).searchStudies({ patient: { id: 'SL-0001', issuer: 'STUDYLINE-DEMO' } });
    assert.equal(server.requests.length, 0);
    assert.equal(result.sources[0].status.state === 'failed' && result.sources[0].status.error.code, 'invalid-argument');
  });

  it('reads missing Study Instance UID from manifest', async () => {
    const kos = await makeKos({ sopInstanceUid: `${UID}.41.99`, studyInstanceUid: `${UID}.41`, series: [] });
    server.handle((_request, response, body) => {
      const { action } = soapOf(body);
      if (action === 'urn:ihe:iti:2007:RetrieveDocumentSet') {
        const writer = new XmlWriter();
        sendMtom(response, soapEnvelope(writer, retrieveResponse(writer, SUCCESS, [{ repositoryUniqueId: '1.3.6.1.4.1.21367.13.70.900', documentUniqueId: `${UID}.41.99`, href: 'cid:kos@x' }])), [
          { headers: { 'Content-ID': '<kos@x>', 'Content-Type': 'application/dicom' }, body: kos },
        ]);
      } else {
        sendQueryAnswer(response, { entries: [entry('1', '41', HOME_A, { studyInstanceUid: undefined })] });
      }
    });
    const result = await adapterFor(server).searchStudies({ patient: PATIENT });
    assert.deepEqual(result.studies.map((study) => study.studyInstanceUid), [`${UID}.41`]);
    assert.equal(result.sources[0].status.state, 'complete');
  });

  it('rejects unusable configurations', () => {
    assert.throws(() => new XdsAdapter({ communities: [] }), (error: unknown) => error instanceof StudylineError && error.code === 'invalid-argument');
    const server0 = { url: 'http://127.0.0.1:9' } as TestServer;
    assert.throws(() => adapterFor(server0, {}, [{ homeCommunityId: undefined, queryTransaction: 'ITI-38' }]), /needs its homeCommunityId/);
    assert.throws(() => adapterFor(server0, {}, [{ patientAssigningAuthority: 'DEMO' }]), /patientAssigningAuthority as an OID/);
  });
});

describe('XdsAdapter retrieve', () => {
  let server: TestServer;
  const STUDY = `${UID}.50`;
  const REPOSITORY_1 = '1.3.6.1.4.1.21367.13.71.1';
  const REPOSITORY_2 = '1.3.6.1.4.1.21367.13.71.2';
  const instances = [
    { series: `${STUDY}.1`, sop: `${STUDY}.1.1`, repository: REPOSITORY_1 },
    { series: `${STUDY}.1`, sop: `${STUDY}.1.2`, repository: REPOSITORY_1 },
    { series: `${STUDY}.2`, sop: `${STUDY}.2.1`, repository: REPOSITORY_2 },
    { series: `${STUDY}.2`, sop: `${STUDY}.2.2`, repository: REPOSITORY_2 },
  ];
  const files = new Map(instances.map((instance) => [instance.sop, makePart10({ sopInstanceUid: instance.sop, sopClassUid: '1.2.840.10008.5.1.4.1.1.2', size: 3000 })]));
  let kos: Uint8Array;
  let study: Study;

  before(async () => {
    server = await startTestServer();
    kos = await makeKos({
      sopInstanceUid: `${STUDY}.99`,
      studyInstanceUid: STUDY,
      series: [REPOSITORY_1, REPOSITORY_2].map((repository, index) => ({
        seriesInstanceUid: `${STUDY}.${index + 1}`,
        retrieveLocationUid: repository,
        instances: instances.filter((instance) => instance.repository === repository).map((instance) => ({ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: instance.sop })),
      })),
    });
    study = {
      studyInstanceUid: STUDY,
      modalities: ['CT'],
      modalitiesKnown: true,
      bodyParts: [],
      anatomicRegions: [],
      performingPhysicians: [],
      reports: [],
      warnings: [],
      sources: [
        {
          source: source('rijnstad', 'Rijnstad Ziekenhuis'),
          native: { manifests: [{ documentUniqueId: `${STUDY}.99`, repositoryUniqueId: '1.3.6.1.4.1.21367.13.70.900', entryUuid: 'urn:uuid:e', serviceTimeUnknown: false }] },
        },
      ],
    };
  });
  after(() => server.close());

  /** Serves the manifest for ITI-43, and every requested instance except those in `withhold` for RAD-69. */
  function serve(withhold: ReadonlySet<string> = new Set()): void {
    server.handle((_request, response, body) => {
      const { action, document } = soapOf(body);
      const writer = new XmlWriter({ style: 'generated' });
      if (action === 'urn:ihe:iti:2007:RetrieveDocumentSet' || action === 'urn:ihe:iti:2007:CrossGatewayRetrieve') {
        sendMtom(response, soapEnvelope(writer, retrieveResponse(writer, SUCCESS, [{ repositoryUniqueId: '1.3.6.1.4.1.21367.13.70.900', documentUniqueId: `${STUDY}.99`, href: 'cid:kos%40x' }])), [
          { headers: { 'Content-ID': '<kos@x>' }, body: kos },
        ]);
        return;
      }
      const requested = [...(document.getElementsByTagNameNS(NS.xdsb, 'DocumentUniqueId') as unknown as Element[])].map((element) => element.textContent ?? '');
      const repository = document.getElementsByTagNameNS(NS.xdsb, 'RepositoryUniqueId')[0].textContent ?? '';
      const delivered = requested.filter((uid) => !withhold.has(uid));
      const errors = requested.filter((uid) => withhold.has(uid)).map((uid) => ({ errorCode: 'XDSDocumentUniqueIdError', codeContext: `${uid} not found`, severity: 'Error' as const }));
      // The ebRS namespace for PartialSuccess, as some archives send it.
      const status = errors.length === 0 ? SUCCESS : 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:PartialSuccess';
      const documents = delivered.map((uid, index) => ({ repositoryUniqueId: repository, documentUniqueId: uid, href: `cid:${index}-${uid}@urn%3Aihe%3Aiti%3Axds-b%3A2007` }));
      sendMtom(
        response,
        soapEnvelope(writer, retrieveResponse(writer, status, documents, errors), 'urn:ihe:rad:2009:RetrieveImagingDocumentSetResponse'),
        delivered.map((uid, index) => ({ headers: { 'Content-Type': 'application/dicom', 'Content-ID': `<${index}-${uid}@urn:ihe:iti:xds-b:2007>` }, body: files.get(uid) as Uint8Array })),
        repository !== REPOSITORY_2,
      );
    });
  }

  async function drain(stream: AsyncIterable<DicomInstance> & { result: Promise<XdsRetrieveResult> }): Promise<{ received: DicomInstance[]; result: XdsRetrieveResult }> {
    const received: DicomInstance[] = [];
    for await (const instance of stream) received.push(instance);
    return { received, result: await stream.result };
  }

  it('lists series and instances from manifest', async () => {
    serve();
    const adapter = adapterFor(server, {}, [{ repositories: { [REPOSITORY_2]: { imagingRetrieveUrl: `${server.url}/second/imaging` } } }]);
    const series = await adapter.listSeries(study);
    assert.deepEqual(series.map((item) => [item.seriesInstanceUid, item.modality, item.numberOfInstances, item.sourceId]), [
      [`${STUDY}.1`, 'CT', 2, 'rijnstad'],
      [`${STUDY}.2`, 'CT', 2, 'rijnstad'],
    ]);
    const listed = await adapter.listInstances(study, { seriesInstanceUid: `${STUDY}.2` });
    assert.deepEqual(listed.map((instance) => instance.sopInstanceUid), [`${STUDY}.2.1`, `${STUDY}.2.2`]);
    assert.equal(server.requests.length, 1, 'the manifest is retrieved once and kept');
    const { action, document } = soapOf(server.requests[0].body);
    assert.equal(action, 'urn:ihe:iti:2007:RetrieveDocumentSet');
    assert.match(String(server.requests[0].headers['content-type']), /^multipart\/related;.*type="application\/xop\+xml".*start-info="application\/soap\+xml"/);
    assert.equal(document.getElementsByTagNameNS(NS.xdsb, 'HomeCommunityId')[0].textContent, HOME_A);
  });

  it('retrieves from two repositories', async () => {
    serve();
    const adapter = adapterFor(server, {}, [{ repositories: { [REPOSITORY_2]: { imagingRetrieveUrl: `${server.url}/second/imaging` } } }]);
    const progress: number[] = [];
    const { received, result } = await drain(adapter.retrieveStudy(study, { onProgress: (update) => progress.push(update.instances) }));
    assert.deepEqual(received.map((instance) => instance.sopInstanceUid), instances.map((instance) => instance.sop));
    for (const instance of received) assert.deepEqual(instance.data, files.get(instance.sopInstanceUid as string));
    assert.equal(received[0].transferSyntaxUid, '1.2.840.10008.1.2.1');
    assert.deepEqual(result, { complete: true, instances: 4, bytes: 12000, expectedInstances: 4, missing: [], warnings: [] });
    assert.deepEqual(progress, [1, 2, 3, 4]);

    const imaging = server.requests.filter((request) => soapOf(request.body).action === 'urn:ihe:rad:2009:RetrieveImagingDocumentSet');
    assert.deepEqual(imaging.map((request) => request.url), ['/gateway/imaging', '/second/imaging']);
    const { document } = soapOf(imaging[0].body);
    const studyRequest = document.getElementsByTagNameNS(NS.xdsi, 'StudyRequest')[0];
    assert.equal(studyRequest.getAttribute('studyInstanceUID'), STUDY);
    assert.equal(studyRequest.getElementsByTagNameNS(NS.xdsi, 'SeriesRequest')[0].getAttribute('seriesInstanceUID'), `${STUDY}.1`);
    assert.equal(document.getElementsByTagNameNS(NS.xdsb, 'HomeCommunityId').length, 0, 'RAD-69 sends no homeCommunityId');
    assert.equal(document.getElementsByTagNameNS(NS.xdsi, 'TransferSyntaxUID')[0].textContent, '1.2.840.10008.1.2.1');
  });

  it('lists a withheld instance as missing', async () => {
    serve(new Set([`${STUDY}.1.2`]));
    const { received, result } = await drain(adapterFor(server).retrieveStudy(study));
    assert.equal(received.length, 3);
    assert.equal(result.complete, false);
    assert.equal(result.missing.length, 1);
    assert.equal(result.missing[0].sopInstanceUid, `${STUDY}.1.2`);
    assert.equal(result.missing[0].seriesInstanceUid, `${STUDY}.1`);
    assert.equal(result.missing[0].errorCode, 'XDSDocumentUniqueIdError');
    assert.match(result.reason ?? '', /1 of 4 instances did not arrive/);
    assert.match(result.warnings.join(' '), /PartialSuccess in the ebRS namespace/);
  });

  it('retrieves one series or chosen instances', async () => {
    serve();
    const adapter = adapterFor(server);
    const series = await drain(adapter.retrieveStudy(study, { seriesInstanceUid: `${STUDY}.2` }));
    assert.deepEqual(series.received.map((instance) => instance.sopInstanceUid), [`${STUDY}.2.1`, `${STUDY}.2.2`]);
    const chosen = await drain(
      adapter.retrieveStudy(study, {
        instances: [
          { seriesInstanceUid: `${STUDY}.1`, sopInstanceUid: `${STUDY}.1.2` },
          { seriesInstanceUid: `${STUDY}.1`, sopInstanceUid: `${STUDY}.1.77` },
        ],
      }),
    );
    assert.deepEqual(chosen.received.map((instance) => instance.sopInstanceUid), [`${STUDY}.1.2`]);
    assert.deepEqual(chosen.result.missing.map((missing) => [missing.sopInstanceUid, missing.reason]), [[`${STUDY}.1.77`, 'The study manifest does not list this instance.']]);
  });

  it('sends RAD-75 with homeCommunityId', async () => {
    serve();
    const adapter = adapterFor(server, {}, [{ documentRetrieveTransaction: 'ITI-39', imagingRetrieveTransaction: 'RAD-75' }]);
    const { received } = await drain(adapter.retrieveStudy(study, { seriesInstanceUid: `${STUDY}.1` }));
    assert.equal(received.length, 2);
    const actions = server.requests.map((request) => soapOf(request.body).action);
    assert.deepEqual(actions, ['urn:ihe:iti:2007:CrossGatewayRetrieve', 'urn:ihe:rad:2011:CrossGatewayRetrieveImagingDocumentSet']);
    const { document } = soapOf(server.requests[1].body);
    assert.equal(document.getElementsByTagNameNS(NS.xdsb, 'HomeCommunityId')[0].textContent, HOME_A);
  });

  it('fails when every retrieve request fails', async () => {
    server.handle((_request, response, body) => {
      if (soapOf(body).action === 'urn:ihe:iti:2007:RetrieveDocumentSet') {
        const writer = new XmlWriter();
        sendMtom(response, soapEnvelope(writer, retrieveResponse(writer, SUCCESS, [{ repositoryUniqueId: '1.3.6.1.4.1.21367.13.70.900', documentUniqueId: `${STUDY}.99`, href: 'cid:kos@x' }])), [
          { headers: { 'Content-ID': '<kos@x>' }, body: kos },
        ]);
        return;
      }
      response.writeHead(502, { 'Content-Type': 'text/plain' });
      response.end('bad gateway');
    });
    const stream = adapterFor(server).retrieveStudy(study);
    await assert.rejects(drain(stream), (error: unknown) => error instanceof StudylineError && error.status === 502);
    const result = await stream.result;
    assert.equal(result.complete, false);
    assert.equal(result.missing.length, 4);
  });

  it('settles result for unreadable manifest', async () => {
    server.handle((_request, response) => {
      const writer = new XmlWriter();
      response.writeHead(200, { 'Content-Type': 'application/soap+xml' });
      response.end(soapEnvelope(writer, retrieveResponse(writer, FAILURE, [], [{ errorCode: 'XDSDocumentUniqueIdError', codeContext: 'unknown document', severity: 'Error' }])));
    });
    const stream = adapterFor(server).retrieveStudy({ ...study, sources: [{ ...study.sources[0], native: { manifests: [{ ...manifestsOf(study.sources[0].native)[0], documentUniqueId: `${STUDY}.98` }] } }] });
    await assert.rejects(drain(stream), /XDSDocumentUniqueIdError – unknown document/);
    assert.match((await stream.result).reason ?? '', /The study manifest could not be read/);
  });

  it('renders only with a renderer', async () => {
    serve();
    await assert.rejects(adapterFor(server).fetchRenderedImage({ study, seriesInstanceUid: `${STUDY}.1` }), (error: unknown) => error instanceof StudylineError && error.code === 'not-supported');
    const rendered: string[] = [];
    const adapter = adapterFor(server, {
      renderer: async (instance) => {
        rendered.push(instance.sopInstanceUid as string);
        return new Blob([new Uint8Array([1])], { type: 'image/png' });
      },
    });
    const blob = await adapter.fetchRenderedImage({ study, seriesInstanceUid: `${STUDY}.1` });
    assert.equal(blob.type, 'image/png');
    assert.deepEqual(rendered, [`${STUDY}.1.2`], 'the middle instance of the series');
  });

  it('rejects storing', async () => {
    await assert.rejects(adapterFor(server).storeInstances(), (error: unknown) => error instanceof StudylineError && error.code === 'not-supported');
  });
});
