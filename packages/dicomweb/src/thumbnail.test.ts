// Thumbnails through the DICOMweb adapter: `/thumbnail` when the server has it, else `/rendered`, learnt once.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RenderedImageRequest, SourceInfo } from '@studyline/core';
import { startTestServer, type TestServer } from '../../core/src/test-support/http-server.js';
import { DicomWebAdapter } from './dicomweb-adapter.js';

const own: SourceInfo = { id: 'own', label: 'Own hospital', kind: 'internal' };
const study = { studyInstanceUid: '1.2.3', sources: [{ source: own }] };
const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function thumbnailRequest(series: string): RenderedImageRequest {
  return { study, seriesInstanceUid: series, viewport: { width: 128, height: 128 }, kind: 'thumbnail' };
}

function image(response: ServerResponse, type = 'image/jpeg'): void {
  response.writeHead(200, { 'Content-Type': type }).end(PNG_BYTES);
}

/** Returns a handler whose `/thumbnail` responds with `thumbnailStatus` (after `delayMs`) and whose `/rendered` works. */
function serverWithoutThumbnails(thumbnailStatus: number, delayMs = 0) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.url?.includes('/thumbnail')) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      response.writeHead(thumbnailStatus, { 'Content-Type': 'text/plain' }).end('no thumbnails here');
      return;
    }
    image(response);
  };
}

function paths(server: TestServer, resource: string): string[] {
  return server.requests.map((request) => request.url).filter((url) => url.includes(`/${resource}`));
}

describe('DicomWebAdapter thumbnails', () => {
  let server: TestServer;
  let adapter: DicomWebAdapter;
  let hookKinds: string[];

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());
  beforeEach(() => {
    hookKinds = [];
    adapter = new DicomWebAdapter({
      baseUrl: `${server.url}/dicom-web`,
      source: own,
      auth: ({ kind }) => {
        hookKinds.push(kind);
        return { Authorization: 'Bearer test-token' };
      },
    });
  });

  it('uses /thumbnail when the server has it', async () => {
    server.handle((request, response) => {
      if (request.url?.includes('/thumbnail')) image(response, 'image/png');
      else response.writeHead(500).end();
    });

    const blob = await adapter.fetchRenderedImage(thumbnailRequest('1.2.3.1'));
    await adapter.fetchRenderedImage(thumbnailRequest('1.2.3.2'));

    assert.equal(blob.type, 'image/png');
    assert.deepEqual(paths(server, 'thumbnail'), [
      '/dicom-web/studies/1.2.3/series/1.2.3.1/thumbnail?viewport=128,128',
      '/dicom-web/studies/1.2.3/series/1.2.3.2/thumbnail?viewport=128,128',
    ]);
    assert.deepEqual(paths(server, 'rendered'), []);
    assert.deepEqual(hookKinds, ['thumbnail', 'thumbnail']);
  });

  for (const status of [404, 406, 501]) {
    it(`falls back to /rendered for good after HTTP ${status}`, async () => {
      server.handle(serverWithoutThumbnails(status));

      await adapter.fetchRenderedImage(thumbnailRequest('1.2.3.1'));
      await adapter.fetchRenderedImage(thumbnailRequest('1.2.3.2'));
      await adapter.fetchRenderedImage(thumbnailRequest('1.2.3.3'));

      assert.equal(paths(server, 'thumbnail').length, 1);
      assert.deepEqual(paths(server, 'rendered'), [
        '/dicom-web/studies/1.2.3/series/1.2.3.1/rendered?viewport=128,128',
        '/dicom-web/studies/1.2.3/series/1.2.3.2/rendered?viewport=128,128',
        '/dicom-web/studies/1.2.3/series/1.2.3.3/rendered?viewport=128,128',
      ]);
      assert.deepEqual(hookKinds, ['thumbnail', 'rendered', 'rendered', 'rendered']);
    });
  }

  it('probes /thumbnail once for six requests', async () => {
    server.handle(serverWithoutThumbnails(404, 50));

    const series = Array.from({ length: 6 }, (_, index) => `1.2.3.${index + 1}`);
    const blobs = await Promise.all(series.map((uid) => adapter.fetchRenderedImage(thumbnailRequest(uid))));

    assert.equal(blobs.length, 6);
    assert.equal(paths(server, 'thumbnail').length, 1);
    assert.equal(paths(server, 'rendered').length, 6);
  });

  it('treats HTML from /thumbnail as unsupported', async () => {
    server.handle((request, response) => {
      if (request.url?.includes('/thumbnail')) response.writeHead(200, { 'Content-Type': 'text/html' }).end('<!DOCTYPE html><p>app</p>');
      else image(response);
    });

    await adapter.fetchRenderedImage(thumbnailRequest('1.2.3.1'));
    await adapter.fetchRenderedImage(thumbnailRequest('1.2.3.2'));

    assert.equal(paths(server, 'thumbnail').length, 1);
    assert.equal(paths(server, 'rendered').length, 2);
  });

  it('rejects when both return HTML', async () => {
    server.handle((_request, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>Sign in</p>'));

    await assert.rejects(adapter.fetchRenderedImage(thumbnailRequest('1.2.3.1')), { code: 'media-type' });
    await assert.rejects(adapter.fetchRenderedImage(thumbnailRequest('1.2.3.1')), { code: 'media-type' });

    assert.equal(paths(server, 'thumbnail').length, 2);
  });

  it('probes again after a server error', async () => {
    let failures = 1;
    server.handle((request, response) => {
      if (request.url?.includes('/thumbnail') && failures-- > 0) response.writeHead(500).end('busy');
      else image(response, 'image/png');
    });

    await assert.rejects(adapter.fetchRenderedImage(thumbnailRequest('1.2.3.1')), { code: 'http', status: 500 });
    const blob = await adapter.fetchRenderedImage(thumbnailRequest('1.2.3.1'));

    assert.equal(blob.type, 'image/png');
    assert.equal(paths(server, 'thumbnail').length, 2);
    assert.deepEqual(paths(server, 'rendered'), []);
  });

  it('stops waiting on its own abort', async () => {
    server.handle(serverWithoutThumbnails(404, 300));
    const first = adapter.fetchRenderedImage(thumbnailRequest('1.2.3.1'));
    const controller = new AbortController();
    const second = adapter.fetchRenderedImage(thumbnailRequest('1.2.3.2'), { signal: controller.signal });

    controller.abort();

    await assert.rejects(second, { name: 'AbortError' });
    await first;
    assert.equal(paths(server, 'thumbnail').length, 1);
  });

  it('passes the fetch priority to fetch', async () => {
    const priorities: (string | undefined)[] = [];
    const recording = new DicomWebAdapter({
      baseUrl: `${server.url}/dicom-web`,
      source: own,
      fetch: (input, init) => {
        priorities.push(init?.priority);
        return fetch(input, init);
      },
    });
    server.handle(serverWithoutThumbnails(404));

    await recording.fetchRenderedImage(thumbnailRequest('1.2.3.1'), { priority: 'low' });
    await recording.fetchRenderedImage({ study, seriesInstanceUid: '1.2.3.1' });

    assert.deepEqual(priorities, ['low', 'low', undefined]);
  });

  it('remembers a 406 for JPEG', async () => {
    server.handle((request, response) => {
      if (request.url?.includes('/thumbnail')) response.writeHead(404).end();
      else if (request.headers.accept === 'image/jpeg') response.writeHead(406).end();
      else image(response, 'image/png');
    });

    await adapter.fetchRenderedImage(thumbnailRequest('1.2.3.1'));
    await adapter.fetchRenderedImage(thumbnailRequest('1.2.3.2'));

    const rendered = server.requests.filter((request) => request.url.includes('/rendered'));
    assert.deepEqual(
      rendered.map((request) => request.headers.accept),
      ['image/jpeg', '*/*', '*/*'],
    );
  });

  it('leaves plain rendered requests alone', async () => {
    server.handle(serverWithoutThumbnails(404));

    await adapter.fetchRenderedImage({ study, seriesInstanceUid: '1.2.3.1', viewport: { width: 64, height: 64 } });

    assert.deepEqual(paths(server, 'thumbnail'), []);
    assert.deepEqual(paths(server, 'rendered'), ['/dicom-web/studies/1.2.3/series/1.2.3.1/rendered?viewport=64,64']);
  });
});
