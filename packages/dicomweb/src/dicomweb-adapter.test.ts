// The DICOMweb adapter against a real HTTP server that answers with the exact shapes servers send.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { combineSources, isCombinedAdapter, type DicomInstance, type SourceInfo, type Study } from '@studyline/core';
import { makePart10 } from '../../core/src/test-support/make-part10.js';
import { startTestServer, type TestServer } from '../../core/src/test-support/http-server.js';
import { DicomWebAdapter } from './dicomweb-adapter.js';

const own: SourceInfo = { id: 'own', label: 'Own hospital', kind: 'internal' };
const rijnstad: SourceInfo = { id: 'rijnstad', label: 'Rijnstad Ziekenhuis', kind: 'external' };
const patient = { id: 'FAKE-0001' };

function studyJson(uid: string, date?: string, modalities: string[] = ['CT']): Record<string, unknown> {
  const dataset: Record<string, unknown> = {
    '0020000D': { vr: 'UI', Value: [uid] },
    '00080061': { vr: 'CS', Value: modalities },
  };
  if (date !== undefined) dataset['00080020'] = { vr: 'DA', Value: [date] };
  return dataset;
}

function json(body: unknown, headers: Record<string, string> = {}) {
  return { status: 200, headers: { 'Content-Type': 'application/dicom+json', ...headers }, body: JSON.stringify(body) };
}

describe('DicomWebAdapter', () => {
  let server: TestServer;
  let adapter: DicomWebAdapter;
  before(async () => {
    server = await startTestServer();
    adapter = new DicomWebAdapter({
      baseUrl: `${server.url}/dicom-web/`,
      source: own,
      auth: () => ({ Authorization: 'Bearer test-token' }),
    });
  });
  after(() => server.close());

  describe('empty results', () => {
    const shapes: [string, number, Record<string, string>, string][] = [
      ['204 No Content', 204, { 'Content-Type': 'application/dicom+json' }, ''],
      ['200 with an empty body', 200, { 'Content-Type': 'application/dicom+json', 'Content-Length': '0' }, ''],
      ['200 with []', 200, { 'Content-Type': 'application/dicom+json' }, '[]'],
    ];
    for (const [name, status, headers, body] of shapes) {
      it(`reads ${name} as no studies, complete`, async () => {
        server.handle((_request, response) => response.writeHead(status, headers).end(body));
        const result = await adapter.searchStudies({ patient });
        assert.deepEqual(result.studies, []);
        assert.deepEqual(result.sources[0].status, { state: 'complete' });
      });
    }

    it('reports an HTML page as a media-type failure, not an empty list', async () => {
      server.handle((_request, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body></body></html>'));
      const result = await adapter.searchStudies({ patient });
      const status = result.sources[0].status;
      assert.equal(status.state, 'failed');
      assert.ok(status.state === 'failed' && status.error.code === 'media-type');
      assert.match(status.state === 'failed' ? status.error.message : '', /text\/html/);
    });

    it('reports malformed JSON as a parse failure', async () => {
      server.handle((_request, response) => response.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end('[{"0020000D":'));
      const status = (await adapter.searchStudies({ patient })).sources[0].status;
      assert.ok(status.state === 'failed' && status.error.code === 'parse');
    });
  });

  describe('study search', () => {
    it('sends PatientID and includefield, and no StudyDate without a chosen range', async () => {
      server.handle((_request, response) => {
        const reply = json([]);
        response.writeHead(reply.status, reply.headers).end(reply.body);
      });
      await adapter.searchStudies({ patient });
      const url = new URL(server.requests[0].url, server.url);
      assert.equal(url.pathname, '/dicom-web/studies');
      assert.equal(url.searchParams.get('PatientID'), 'FAKE-0001');
      assert.equal(url.searchParams.has('StudyDate'), false);
      assert.ok(url.searchParams.getAll('includefield').includes('00081030'));
      assert.ok(url.searchParams.getAll('includefield').includes('00080080'));
      assert.equal(url.searchParams.get('limit'), '100');
      assert.equal(url.searchParams.get('offset'), '0');
      assert.equal(server.requests[0].headers.authorization, 'Bearer test-token');
    });

    it('sends a chosen date range and modalities', async () => {
      server.handle((_request, response) => response.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end('[]'));
      await adapter.searchStudies({ patient, dateRange: { from: '2020-01-01', to: '2021-12-31' }, modalities: ['CT', 'MR'] });
      const url = new URL(server.requests[0].url, server.url);
      assert.equal(url.searchParams.get('StudyDate'), '20200101-20211231');
      assert.equal(url.searchParams.get('ModalitiesInStudy'), 'CT,MR');
    });

    it('pages on after a Warning and ends complete when the last page has none', async () => {
      const all = Array.from({ length: 135 }, (_, index) => studyJson(`1.2.826.0.1.3680043.8.498.${index + 1}`, '20200101'));
      server.handle((request, response) => {
        const url = new URL(request.url ?? '', server.url);
        const offset = Number(url.searchParams.get('offset'));
        // The server caps a page at 100 and says so, as dcm4chee does.
        const page = all.slice(offset, offset + 100);
        const headers: Record<string, string> = { 'Content-Type': 'application/dicom+json' };
        if (offset + 100 < all.length) headers.Warning = `299 pacs.example.org "There are ${all.length - offset - 100} additional results that can be requested"`;
        response.writeHead(200, headers).end(JSON.stringify(page));
      });
      const result = await adapter.searchStudies({ patient, pageSize: 500 });
      assert.equal(result.studies.length, 135);
      assert.deepEqual(result.sources[0].status, { state: 'complete' });
      assert.deepEqual(
        server.requests.map((request) => new URL(request.url, server.url).searchParams.get('offset')),
        ['0', '100'],
      );
    });

    it('marks the source incomplete when the Warning stays', async () => {
      const first = Array.from({ length: 4 }, (_, index) => studyJson(`1.3.${index}`, '20200101'));
      server.handle((request, response) => {
        const offset = Number(new URL(request.url ?? '', server.url).searchParams.get('offset'));
        response
          .writeHead(200, { 'Content-Type': 'application/dicom+json', Warning: '299 gateway "Result limited to 4 of 9 matching studies"' })
          .end(JSON.stringify(offset === 0 ? first : []));
      });
      const result = await adapter.searchStudies({ patient });
      assert.equal(result.studies.length, 4);
      const status = result.sources[0].status;
      assert.equal(status.state, 'incomplete');
      assert.ok(status.state === 'incomplete');
      assert.equal(status.reason, 'server-truncated');
      assert.equal(status.message, 'Result limited to 4 of 9 matching studies');
      assert.equal(status.missingCount, 5);
    });

    it('stops paging a server that ignores offset', async () => {
      const page = Array.from({ length: 10 }, (_, index) => studyJson(`1.4.${index}`, '20200101'));
      server.handle((_request, response) => response.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end(JSON.stringify(page)));
      const result = await adapter.searchStudies({ patient, pageSize: 10 });
      assert.equal(result.studies.length, 10);
      assert.equal(server.requests.length, 2);
    });

    it('reports reaching maxResults as incomplete', async () => {
      server.handle((request, response) => {
        const offset = Number(new URL(request.url ?? '', server.url).searchParams.get('offset'));
        const page = Array.from({ length: 10 }, (_, index) => studyJson(`1.5.${offset + index}`, '20200101'));
        response.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end(JSON.stringify(page));
      });
      const result = await adapter.searchStudies({ patient, pageSize: 10, maxResults: 25 });
      assert.equal(result.studies.length, 25);
      const status = result.sources[0].status;
      assert.ok(status.state === 'incomplete' && status.reason === 'limit-reached');
    });

    it('shows the readable studies and counts the unreadable ones', async () => {
      server.handle((_request, response) =>
        response
          .writeHead(200, { 'Content-Type': 'application/dicom+json' })
          .end(JSON.stringify([studyJson('1.6.1', '20200101'), 'garbage', { '00080061': { vr: 'CS', Value: ['CT'] } }])),
      );
      const result = await adapter.searchStudies({ patient });
      assert.equal(result.studies.length, 1);
      const status = result.sources[0].status;
      assert.ok(status.state === 'incomplete' && status.reason === 'unreadable-entries');
      assert.match(status.state === 'incomplete' ? status.message : '', /^2 results/);
    });

    it('leaves out studies of another patient', async () => {
      const ownStudy = { ...studyJson('1.7.1', '20200101'), '00100020': { vr: 'LO', Value: ['FAKE-0001'] } };
      const otherStudy = { ...studyJson('1.7.2', '20210101'), '00100020': { vr: 'LO', Value: ['OTHER-999'] } };
      const noIdStudy = studyJson('1.7.3', '20220101');
      server.handle((_request, response) =>
        response.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end(JSON.stringify([ownStudy, otherStudy, noIdStudy])),
      );
      const result = await adapter.searchStudies({ patient });
      assert.deepEqual(
        result.studies.map((study) => study.studyInstanceUid),
        ['1.7.3', '1.7.1'],
      );
      const status = result.sources[0].status;
      assert.equal(status.state, 'incomplete');
      assert.equal(status.state === 'incomplete' ? status.reason : undefined, 'other-patient');
      assert.match(status.state === 'incomplete' ? status.message : '', /^1 result from the server belonged to another patient/);
      assert.equal(result.sources[0].studyCount, 2);
    });

    it('fills in missing modalities from a series query', async () => {
      server.handle((request, response) => {
        const url = new URL(request.url ?? '', server.url);
        const headers = { 'Content-Type': 'application/dicom+json' };
        if (url.pathname.endsWith('/series')) {
          response.writeHead(200, headers).end(
            JSON.stringify([
              { '0020000E': { vr: 'UI', Value: ['1.7.1.1'] }, '00080060': { vr: 'CS', Value: ['MR'] }, '00180015': { vr: 'CS', Value: ['KNEE'] } },
              { '0020000E': { vr: 'UI', Value: ['1.7.1.2'] }, '00080060': { vr: 'CS', Value: ['SR'] } },
            ]),
          );
          return;
        }
        response.writeHead(200, headers).end(JSON.stringify([{ '0020000D': { vr: 'UI', Value: ['1.7.1'] }, '00080061': { vr: 'CS' } }]));
      });
      const result = await adapter.searchStudies({ patient });
      assert.deepEqual(result.studies[0].modalities, ['MR', 'SR']);
      assert.equal(result.studies[0].modalitiesKnown, true);
      assert.deepEqual(result.studies[0].bodyParts, ['KNEE']);
      assert.equal(new URL(server.requests[1].url, server.url).pathname, '/dicom-web/studies/1.7.1/series');
    });

    it('reports an HTTP error as a failed source with the status', async () => {
      server.handle((_request, response) => response.writeHead(500).end());
      const status = (await adapter.searchStudies({ patient })).sources[0].status;
      assert.ok(status.state === 'failed' && status.error.status === 500);
    });

    it('rejects with the abort reason when aborted', async () => {
      server.handle(() => undefined);
      const controller = new AbortController();
      const search = adapter.searchStudies({ patient }, { signal: controller.signal });
      controller.abort();
      await assert.rejects(search, { name: 'AbortError' });
    });
  });

  describe('combined with another source', () => {
    it('merges one UID from both sources and keeps a failing source from hiding the others', async () => {
      const external = await startTestServer();
      const broken = await startTestServer();
      try {
        server.handle((_request, response) =>
          response.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end(JSON.stringify([studyJson('1.8.1', '20190505', ['CT'])])),
        );
        external.handle((_request, response) =>
          response
            .writeHead(200, { 'Content-Type': 'application/dicom+json' })
            .end(JSON.stringify([studyJson('urn:oid:1.8.1', '20190505', ['SR']), studyJson('1.8.2', '20100101', ['MR'])])),
        );
        broken.handle((_request, response) => response.writeHead(502).end());
        const combined = combineSources([
          adapter,
          new DicomWebAdapter({ baseUrl: external.url, source: rijnstad }),
          new DicomWebAdapter({ baseUrl: broken.url, source: { id: 'noordzee', label: 'Noordzee', kind: 'external' } }),
        ]);
        const partials: number[] = [];
        const result = await combined.searchStudies({ patient }, { onPartialResult: (partial) => partials.push(partial.sources.length) });
        assert.deepEqual(result.studies.map((study) => study.studyInstanceUid), ['1.8.1', '1.8.2']);
        assert.deepEqual(result.studies[0].sources.map((entry) => entry.source.id), ['own', 'rijnstad']);
        assert.deepEqual(result.studies[0].modalities, ['CT', 'SR']);
        assert.deepEqual(
          result.sources.map((outcome) => [outcome.source.id, outcome.status.state]),
          [
            ['own', 'complete'],
            ['rijnstad', 'complete'],
            ['noordzee', 'failed'],
          ],
        );
        assert.deepEqual(partials.sort(), [1, 2, 3]);
      } finally {
        await external.close();
        await broken.close();
      }
    });

    it('searches only the asked sources on retry', async () => {
      const external = await startTestServer();
      try {
        server.handle((_request, response) => response.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end('[]'));
        external.handle((_request, response) =>
          response.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end(JSON.stringify([studyJson('1.9.1', '20200101')])),
        );
        const combined = combineSources([adapter, new DicomWebAdapter({ baseUrl: external.url, source: rijnstad })]);
        const ownRequests = server.requests.length;
        const result = await combined.searchStudies({ patient }, { onlySources: ['rijnstad'] });
        assert.equal(server.requests.length, ownRequests, 'the own archive gets no request');
        assert.equal(external.requests.length, 1);
        assert.deepEqual(result.sources.map((outcome) => outcome.source.id), ['rijnstad']);
        assert.deepEqual(result.studies.map((study) => study.studyInstanceUid), ['1.9.1']);
      } finally {
        await external.close();
      }
    });

    it('gives each source its own adapter back', () => {
      const external = new DicomWebAdapter({ baseUrl: 'http://127.0.0.1:9/dicom-web', source: rijnstad });
      const combined = combineSources([adapter, external]);
      assert.equal(isCombinedAdapter(combined), true);
      assert.equal(isCombinedAdapter(adapter), false);
      assert.equal(combined.adapterForSource('rijnstad'), external);
      assert.equal(combined.adapterForSource('own'), adapter);
      assert.equal(combined.adapterForSource('elsewhere'), undefined);
    });

    it('reports a source that does not answer in time as timed out', async () => {
      const silent = await startTestServer();
      try {
        silent.handle(() => undefined);
        server.handle((_request, response) => response.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end('[]'));
        const combined = combineSources([adapter, new DicomWebAdapter({ baseUrl: silent.url, source: rijnstad })], { searchTimeoutMs: 300 });
        const result = await combined.searchStudies({ patient });
        const status = result.sources[1].status;
        assert.ok(status.state === 'failed' && status.error.code === 'timeout');
        assert.equal(result.sources[0].status.state, 'complete');
      } finally {
        await silent.close();
      }
    });
  });

  describe('rendered images', () => {
    it('fetches a series image as a Blob with a viewport', async () => {
      server.handle((_request, response) => response.writeHead(200, { 'Content-Type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47])));
      const study = { studyInstanceUid: '1.9', sources: [{ source: own }] };
      const blob = await adapter.fetchRenderedImage({ study, seriesInstanceUid: '1.9.1', viewport: { width: 128, height: 96 } });
      assert.equal(blob.type, 'image/png');
      assert.equal(blob.size, 4);
      const request = server.requests[0];
      assert.equal(request.url, '/dicom-web/studies/1.9/series/1.9.1/rendered?viewport=128,96');
      assert.equal(request.headers.accept, 'image/jpeg');
      assert.equal(request.headers.authorization, 'Bearer test-token');
    });

    it('asks for any image type after a 406', async () => {
      server.handle((request, response) => {
        if (request.headers.accept === 'image/png') response.writeHead(406).end();
        else response.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(Buffer.from([0xff, 0xd8]));
      });
      const study = { studyInstanceUid: '1.9', sources: [{ source: own }] };
      const blob = await adapter.fetchRenderedImage({ study, seriesInstanceUid: '1.9.1', mediaType: 'image/png' });
      assert.equal(blob.type, 'image/jpeg');
      assert.deepEqual(
        server.requests.map((request) => request.headers.accept),
        ['image/png', '*/*'],
      );
    });

    it('rejects an answer that is not an image', async () => {
      server.handle((_request, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end('<html></html>'));
      await assert.rejects(
        adapter.fetchRenderedImage({ study: { studyInstanceUid: '1.9', sources: [{ source: own }] }, seriesInstanceUid: '1.9.1' }),
        { code: 'media-type' },
      );
    });
  });
});

describe('WADO-RS retrieve', () => {
  let server: TestServer;
  let adapter: DicomWebAdapter;
  const files = [
    makePart10({ sopInstanceUid: '2.1.1', size: 5000 }),
    makePart10({ sopInstanceUid: '2.1.2', size: 7000, transferSyntaxUid: '1.2.840.10008.1.2.4.70' }),
    makePart10({ sopInstanceUid: '2.1.3', size: 3000 }),
  ];
  const study: Pick<Study, 'studyInstanceUid' | 'sources' | 'numberOfInstances'> = {
    studyInstanceUid: '2.1',
    sources: [{ source: own }],
    numberOfInstances: 3,
  };

  function multipart(parts: Uint8Array[], close = true): Buffer {
    const chunks: Buffer[] = [];
    for (const part of parts) {
      // No transfer-syntax parameter: the file meta information must supply it.
      chunks.push(Buffer.from(`--p1\r\nContent-Type: application/dicom\r\nContent-Length: ${part.length}\r\n\r\n`), Buffer.from(part), Buffer.from('\r\n'));
    }
    if (close) chunks.push(Buffer.from('--p1--\r\n'));
    return Buffer.concat(chunks);
  }

  before(async () => {
    server = await startTestServer();
    adapter = new DicomWebAdapter({ baseUrl: `${server.url}/dicom-web`, source: own, auth: () => ({ Authorization: 'Bearer t' }) });
  });
  after(() => server.close());

  async function drain(stream: AsyncIterable<DicomInstance>): Promise<DicomInstance[]> {
    const instances: DicomInstance[] = [];
    for await (const instance of stream) instances.push(instance);
    return instances;
  }

  it('streams every instance with its UID and the transfer syntax from the file meta', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'multipart/related; type="application/dicom"; boundary=p1' });
      response.end(multipart(files));
    });
    const progress: number[] = [];
    const stream = adapter.retrieveStudy(study, { onProgress: (update) => progress.push(update.instances) });
    const instances = await drain(stream);
    assert.deepEqual(instances.map((instance) => instance.sopInstanceUid), ['2.1.1', '2.1.2', '2.1.3']);
    assert.equal(instances[1].transferSyntaxUid, '1.2.840.10008.1.2.4.70');
    assert.deepEqual(instances[0].data, files[0]);
    assert.deepEqual(progress, [1, 2, 3]);
    const result = await stream.result;
    assert.equal(result.complete, true);
    assert.equal(result.bytes, 15000);
    const accept = server.requests[0].headers.accept ?? '';
    assert.equal(accept, 'multipart/related; type="application/dicom"; transfer-syntax=*');
  });

  it('ends a 206 answer as incomplete, never complete', async () => {
    server.handle((_request, response) => {
      response.writeHead(206, { 'Content-Type': 'multipart/related; type="application/dicom"; boundary=p1' });
      response.end(multipart(files.slice(0, 2)));
    });
    const stream = adapter.retrieveStudy(study);
    assert.equal((await drain(stream)).length, 2);
    const result = await stream.result;
    assert.equal(result.complete, false);
    assert.equal(result.instances, 2);
    assert.equal(result.expectedInstances, 3);
    assert.match(result.reason ?? '', /206/);
    assert.match(result.reason ?? '', /2 of 3/);
  });

  it('ends a body without closing boundary as incomplete after the complete parts', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'multipart/related; type="application/dicom"; boundary=p1' });
      const body = multipart(files, false);
      response.end(body.subarray(0, body.length - 1000));
    });
    const stream = adapter.retrieveStudy(study);
    assert.equal((await drain(stream)).length, 2);
    const result = await stream.result;
    assert.equal(result.complete, false);
    assert.match(result.reason ?? '', /ended early/);
  });

  it('ends a connection that breaks as incomplete', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'multipart/related; type="application/dicom"; boundary=p1' });
      const body = multipart(files);
      response.write(body.subarray(0, 6000));
      setTimeout(() => response.destroy(), 50);
    });
    const stream = adapter.retrieveStudy(study);
    const instances = await drain(stream);
    const result = await stream.result;
    assert.equal(instances.length, 1);
    assert.equal(result.complete, false);
  });

  it('retrieves only the listed instances', async () => {
    server.handle((request, response) => {
      const uid = (request.url ?? '').split('/').pop() ?? '';
      const file = files.find((candidate) => new TextDecoder().decode(candidate).includes(uid));
      response.writeHead(200, { 'Content-Type': 'multipart/related; type="application/dicom"; boundary=p1' });
      response.end(multipart(file ? [file] : []));
    });
    const stream = adapter.retrieveStudy(study, { instances: [{ seriesInstanceUid: '2.1.9', sopInstanceUid: '2.1.3' }] });
    const instances = await drain(stream);
    assert.deepEqual(instances.map((instance) => instance.sopInstanceUid), ['2.1.3']);
    assert.equal(server.requests[0].url, '/dicom-web/studies/2.1/series/2.1.9/instances/2.1.3');
    assert.equal((await stream.result).complete, true);
  });
});

describe('STOW-RS store', () => {
  let server: TestServer;
  let adapter: DicomWebAdapter;
  const instances: DicomInstance[] = [
    { data: makePart10({ sopInstanceUid: '1.2.826.0.1.3680043.8.498.401.1' }), mediaType: 'application/dicom', sopInstanceUid: '1.2.826.0.1.3680043.8.498.401.1' },
    { data: makePart10({ sopInstanceUid: '1.2.826.0.1.3680043.8.498.401.2' }), mediaType: 'application/dicom', sopInstanceUid: '1.2.826.0.1.3680043.8.498.401.2' },
  ];
  const partialFailure = {
    '00081190': { vr: 'UR', Value: ['https://pacs.example.org/dicom-web/studies/1.2.826.0.1.3680043.8.498.401'] },
    '00081198': {
      vr: 'SQ',
      Value: [
        {
          '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.7'] },
          '00081155': { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.401.2'] },
          '00081197': { vr: 'US', Value: [49152] },
        },
      ],
    },
    '00081199': {
      vr: 'SQ',
      Value: [{ '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.7'] }, '00081155': { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.401.1'] } }],
    },
  };

  before(async () => {
    server = await startTestServer();
    adapter = new DicomWebAdapter({ baseUrl: `${server.url}/dicom-web`, source: own, auth: () => ({ Authorization: 'Bearer t' }) });
  });
  after(() => server.close());

  it('sends the same body as a stream or a Blob', async () => {
    const bodies: Buffer[] = [];
    const lengths: (string | undefined)[] = [];
    server.handle((request, response, body) => {
      bodies.push(body);
      lengths.push(request.headers['content-length']);
      response.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end(JSON.stringify(partialFailure));
    });
    for (const streamingUploads of [true, false]) {
      const sender = new DicomWebAdapter({ baseUrl: `${server.url}/dicom-web`, source: own, streamingUploads });
      await sender.storeInstances(instances);
    }
    const [streamed, blob] = bodies.map((body) => body.toString('latin1').replace(/studyline-[0-9a-f]+/g, 'BOUNDARY'));
    assert.equal(streamed, blob);
    assert.ok(streamed.includes(Buffer.from(instances[1].data).toString('latin1')));
    assert.equal(lengths[0], String(bodies[0].length), 'a stream body states its length');
  });

  it('reads a 202 as one stored and one failed, with the Warning', async () => {
    server.handle((_request, response) =>
      response
        .writeHead(202, { 'Content-Type': 'application/dicom+json', Warning: '299 pacs.example.org "Not a DICOM stream"' })
        .end(JSON.stringify(partialFailure)),
    );
    const result = await adapter.storeInstances(instances);
    assert.deepEqual(result.stored.map((item) => item.sopInstanceUid), ['1.2.826.0.1.3680043.8.498.401.1']);
    assert.equal(result.failed.length, 1);
    assert.equal(result.failed[0].sopInstanceUid, '1.2.826.0.1.3680043.8.498.401.2');
    assert.equal(result.failed[0].failureReason, 0xc000);
    assert.match(result.failed[0].message, /cannot understand \(0xC000\)/);
    assert.deepEqual(result.warnings, ['Not a DICOM stream']);
    assert.equal(result.storedCountUnknown, false);
  });

  it('counts successes under (0008,114A) and notes the deviation', async () => {
    const variant = { ...partialFailure, '0008114A': partialFailure['00081199'] } as Record<string, unknown>;
    delete variant['00081199'];
    server.handle((_request, response) => response.writeHead(202, { 'Content-Type': 'application/dicom+json' }).end(JSON.stringify(variant)));
    const result = await adapter.storeInstances(instances);
    assert.equal(result.stored.length, 1);
    assert.match(result.warnings.join(' '), /0008,114A/);
  });

  it('reads a 409 as every instance failed', async () => {
    server.handle((_request, response) => response.writeHead(409, { Warning: '299 pacs "Patient ID mismatch"' }).end());
    const result = await adapter.storeInstances(instances);
    assert.equal(result.stored.length, 0);
    assert.deepEqual(result.failed.map((item) => item.sopInstanceUid), instances.map((instance) => instance.sopInstanceUid));
    assert.match(result.failed[0].message, /Patient ID mismatch/);
  });

  it('reports a 200 without a stored list as count unknown', async () => {
    server.handle((_request, response) => response.writeHead(200).end());
    const result = await adapter.storeInstances(instances);
    assert.equal(result.storedCountUnknown, true);
    assert.equal(result.stored.length, 0);
    assert.equal(result.failed.length, 0);
  });

  it('sends a quoted type, a token boundary and every instance intact', async () => {
    server.handle((_request, response, body) => {
      // Confirm the instances that this request carried, as a server does per request.
      const carried = instances.filter((instance) => body.includes(instance.sopInstanceUid ?? '-'));
      response.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end(
        JSON.stringify({
          '00081199': {
            vr: 'SQ',
            Value: carried.map((instance) => ({ '00081155': { vr: 'UI', Value: [instance.sopInstanceUid] } })),
          },
        }),
      );
    });
    const result = await adapter.storeInstances(instances, { batchSize: 1 });
    assert.equal(result.stored.length, 2);
    assert.equal(server.requests.length, 2);
    const contentType = server.requests[0].headers['content-type'] ?? '';
    assert.match(contentType, /^multipart\/related; type="application\/dicom"; boundary=[A-Za-z0-9-]+$/);
    const boundary = /boundary=(.*)$/.exec(contentType)?.[1] ?? '';
    const body = server.requests[0].body;
    const start = body.indexOf('\r\n\r\n') + 4;
    const end = body.indexOf(`\r\n--${boundary}--`);
    assert.deepEqual(new Uint8Array(body.subarray(start, end)), instances[0].data);
  });

  it('marks a batch that fails with HTTP 500 as failed and goes on with the next', async () => {
    let count = 0;
    server.handle((_request, response) => {
      count++;
      if (count === 1) {
        response.writeHead(500).end();
        return;
      }
      response
        .writeHead(200, { 'Content-Type': 'application/dicom+json' })
        .end(JSON.stringify({ '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: [instances[1].sopInstanceUid] } }] } }));
    });
    const result = await adapter.storeInstances(instances, { batchSize: 1 });
    assert.deepEqual(result.failed.map((item) => item.sopInstanceUid), [instances[0].sopInstanceUid]);
    assert.match(result.failed[0].message, /HTTP 500/);
    assert.deepEqual(result.stored.map((item) => item.sopInstanceUid), [instances[1].sopInstanceUid]);
  });
});
