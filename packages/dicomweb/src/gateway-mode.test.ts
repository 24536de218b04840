// Gateway mode: one DICOMweb gateway in front of several hospitals, split into one source per hospital.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { combineSources, type DicomInstance, type SourceInfo } from '@studyline/core';
import { makePart10 } from '../../core/src/test-support/make-part10.js';
import { startTestServer, type TestServer } from '../../core/src/test-support/http-server.js';
import { DicomWebAdapter } from './dicomweb-adapter.js';

const gatewaySource: SourceInfo = { id: 'regional', label: 'Regional gateway', kind: 'external' };
const rijnstad: SourceInfo = { id: 'rijnstad', label: 'Rijnstad Ziekenhuis', kind: 'external', institution: 'Rijnstad Ziekenhuis' };
const noordzee: SourceInfo = { id: 'noordzee', label: 'Noordzee Kliniek', kind: 'external', institution: 'Noordzee Kliniek' };

function study(uid: string, institution?: string): Record<string, unknown> {
  const dataset: Record<string, unknown> = {
    '0020000D': { vr: 'UI', Value: [uid] },
    '00080020': { vr: 'DA', Value: ['20220101'] },
    '00080061': { vr: 'CS', Value: ['CT'] },
  };
  if (institution !== undefined) dataset['00080080'] = { vr: 'LO', Value: [institution] };
  return dataset;
}

describe('DicomWebAdapter gateway mode', () => {
  let server: TestServer;
  let adapter: DicomWebAdapter;

  before(async () => {
    server = await startTestServer();
    adapter = new DicomWebAdapter({
      baseUrl: `${server.url}/gateway/dicom-web`,
      source: gatewaySource,
      gateway: {
        attribute: 'InstitutionName',
        sources: [
          { match: 'Rijnstad Ziekenhuis', source: rijnstad },
          { match: /^noordzee/i, source: noordzee },
        ],
      },
    });
  });
  after(() => server.close());

  it('lists the gateway and every hospital as sources', () => {
    assert.deepEqual(adapter.sources.map((source) => source.id), ['regional', 'rijnstad', 'noordzee']);
  });

  it('assigns each study to the hospital its InstitutionName names', async () => {
    server.handle((_request, response) =>
      response
        .writeHead(200, { 'Content-Type': 'application/dicom+json' })
        .end(JSON.stringify([study('1.1', 'Rijnstad Ziekenhuis'), study('1.2', 'NOORDZEE KLINIEK'), study('1.3', 'Elders'), study('1.4')])),
    );
    const result = await adapter.searchStudies({ patient: { id: 'P1' } });
    const sourceOf = (uid: string) => result.studies.find((entry) => entry.studyInstanceUid === uid)?.sources[0].source.id;
    assert.equal(sourceOf('1.1'), 'rijnstad');
    assert.equal(sourceOf('1.2'), 'noordzee');
    assert.equal(sourceOf('1.3'), 'regional');
    assert.equal(sourceOf('1.4'), 'regional');
    assert.deepEqual(
      result.sources.map((outcome) => [outcome.source.id, outcome.status.state, outcome.studyCount]),
      [
        ['regional', 'complete', 2],
        ['rijnstad', 'complete', 1],
        ['noordzee', 'complete', 1],
      ],
    );
    const url = new URL(server.requests[0].url, server.url);
    assert.ok(url.searchParams.getAll('includefield').includes('00080080'));
  });

  it('reports a failed gateway for every hospital behind it', async () => {
    server.handle((_request, response) => response.writeHead(502).end());
    const result = await adapter.searchStudies({ patient: { id: 'P1' } });
    assert.deepEqual(result.sources.map((outcome) => outcome.status.state), ['failed', 'failed', 'failed']);
  });

  it('routes a hospital study through the gateway and waits out Retry-After', async () => {
    const file = makePart10({ sopInstanceUid: '1.1.1.1', size: 2000 });
    let retrieveCalls = 0;
    server.handle((request, response) => {
      if ((request.url ?? '').includes('/studies?')) {
        response.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end(JSON.stringify([study('1.1', 'Rijnstad Ziekenhuis')]));
        return;
      }
      retrieveCalls++;
      // The gateway answers 503 while it pulls the study in from the other hospital.
      if (retrieveCalls === 1) {
        response.writeHead(503, { 'Retry-After': '1' }).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'multipart/related; type="application/dicom"; boundary=b' });
      response.end(Buffer.concat([Buffer.from('--b\r\nContent-Type: application/dicom\r\n\r\n'), Buffer.from(file), Buffer.from('\r\n--b--\r\n')]));
    });
    const own = new DicomWebAdapter({ baseUrl: 'http://127.0.0.1:9/own', source: { id: 'own', label: 'Own', kind: 'internal' } });
    const combined = combineSources([own, adapter]);
    const { studies } = await combined.searchStudies({ patient: { id: 'P1' } });
    assert.equal(combined.adapterForSource('rijnstad'), adapter);

    const waits: number[] = [];
    const stream = combined.retrieveStudy(studies[0], { onRetryAfter: ({ waitSeconds }) => waits.push(waitSeconds) });
    const instances: DicomInstance[] = [];
    for await (const instance of stream) instances.push(instance);
    assert.deepEqual(instances.map((instance) => instance.sopInstanceUid), ['1.1.1.1']);
    assert.deepEqual(waits, [1]);
    assert.equal((await stream.result).complete, true);
    assert.match(server.requests.at(-1)?.url ?? '', /^\/gateway\/dicom-web\/studies\/1\.1$/);
  });

  it('rejects an unknown attribute keyword', () => {
    assert.throws(
      () => new DicomWebAdapter({ baseUrl: 'http://127.0.0.1:9', source: gatewaySource, gateway: { attribute: 'Hospital', sources: [] } }),
      { code: 'invalid-argument' },
    );
  });
});
