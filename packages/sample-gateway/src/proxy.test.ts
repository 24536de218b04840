import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createSampleGateway } from './server.js';
import { validateUpstream } from './proxy.js';
import { createMemoryLogger, startTestGateway, type TestGateway } from './test-support.js';

interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bodySha256: string;
  bodyLength: number;
}

const recorded: RecordedRequest[] = [];
/** 3 MiB of a repeating pattern, large enough to cross many socket writes. */
const LARGE_BODY = Buffer.alloc(3 * 1024 * 1024, 'studyline');
let upstream: http.Server;
let upstreamOrigin: string;
let closedPortOrigin: string;
let setup: TestGateway;

function listenOnLoopback(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/** Handles requests as a small stand-in for a DICOMweb server such as Orthanc: records each one and responds by path. */
function handleUpstream(request: http.IncomingMessage, response: http.ServerResponse): void {
  const hash = createHash('sha256');
  let length = 0;
  request.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    length += chunk.length;
  });
  request.on('end', () => {
    recorded.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, bodySha256: hash.digest('hex'), bodyLength: length });
    const path = (request.url ?? '').split('?')[0];
    if (path === '/dicom-web/studies' && request.method === 'GET') {
      response.writeHead(200, { 'Content-Type': 'application/dicom+json', Warning: '299 upstream "Result limited"', 'Set-Cookie': 'session=abc' });
      response.end(JSON.stringify([{ '0020000D': { vr: 'UI', Value: ['1.2.3'] } }]));
    } else if (path === '/dicom-web/studies' && request.method === 'POST') {
      response.writeHead(200, { 'Content-Type': 'application/dicom+json' });
      response.end(JSON.stringify({ received: length }));
    } else if (path === '/dicom-web/studies/1.2.3') {
      response.writeHead(200, { 'Content-Type': 'multipart/related; type="application/dicom"; boundary=upstream' });
      // Written in pieces, so the gateway has to stream.
      let offset = 0;
      const writeMore = (): void => {
        while (offset < LARGE_BODY.length) {
          const chunk = LARGE_BODY.subarray(offset, offset + 64 * 1024);
          offset += chunk.length;
          if (!response.write(chunk)) {
            response.once('drain', writeMore);
            return;
          }
        }
        response.end();
      };
      writeMore();
    } else if (path === '/dicom-web/protected') {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="orthanc"' });
      response.end('no');
    } else if (path === '/dicom-web/slow') {
      // No response at all, so the gateway's timeout ends the request.
    } else {
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('not here');
    }
  });
}

before(async () => {
  upstream = http.createServer(handleUpstream);
  upstreamOrigin = await listenOnLoopback(upstream);
  const closed = http.createServer();
  closedPortOrigin = await listenOnLoopback(closed);
  await new Promise((resolve) => closed.close(resolve));

  setup = await startTestGateway({
    upstreams: [
      { key: 'orthanc', label: 'Orthanc', url: `${upstreamOrigin}/dicom-web/`, kind: 'internal', timeoutMs: 300 },
      { key: 'offline', label: 'Offline archive', url: `${closedPortOrigin}/dicom-web` },
    ],
  });
});

after(async () => {
  await setup.gateway.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

/** Sends a GET with a raw request target and returns the status. */
function rawStatus(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: setup.gateway.port, path, headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}

function lastRecorded(): RecordedRequest {
  const request = recorded[recorded.length - 1];
  assert.ok(request, 'the upstream received a request');
  return request;
}

describe('upstream proxy', () => {
  test('forwards search path, query, Accept', async () => {
    const response = await setup.get('/dicomweb/orthanc/studies?PatientID=SL-0001&includefield=00081030', {
      headers: { Accept: 'application/dicom+json', Cookie: 'gateway-session=1' },
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), [{ '0020000D': { vr: 'UI', Value: ['1.2.3'] } }]);
    assert.equal(response.headers.get('content-type'), 'application/dicom+json');
    assert.equal(response.headers.get('warning'), '299 upstream "Result limited"');
    assert.equal(response.headers.get('set-cookie'), null, 'upstream cookies are not passed on');

    const forwarded = lastRecorded();
    assert.equal(forwarded.method, 'GET');
    assert.equal(forwarded.url, '/dicom-web/studies?PatientID=SL-0001&includefield=00081030');
    assert.equal(forwarded.headers.accept, 'application/dicom+json');
    assert.equal(forwarded.headers.authorization, undefined, 'the bearer token stays at the gateway');
    assert.equal(forwarded.headers.cookie, undefined);
  });

  test('forwards a request body with its Content-Type', async () => {
    const body = Buffer.alloc(200_000, 7);
    const contentType = 'multipart/related; type="application/dicom"; boundary=abc';
    const response = await setup.get('/dicomweb/orthanc/studies', { method: 'POST', body, headers: { 'Content-Type': contentType } });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { received: body.length });
    const forwarded = lastRecorded();
    assert.equal(forwarded.method, 'POST');
    assert.equal(forwarded.headers['content-type'], contentType);
    assert.equal(forwarded.bodyLength, body.length);
    assert.equal(forwarded.bodySha256, createHash('sha256').update(body).digest('hex'));
  });

  test('streams a large answer back unchanged', async () => {
    const response = await setup.get('/dicomweb/orthanc/studies/1.2.3');
    assert.equal(response.status, 200);
    const received = Buffer.from(await response.arrayBuffer());
    assert.equal(received.length, LARGE_BODY.length);
    assert.ok(received.equals(LARGE_BODY));
  });

  test('checks the token before forwarding', async () => {
    const count = recorded.length;
    const response = await setup.fetchPlain('/dicomweb/orthanc/studies');
    assert.equal(response.status, 401);
    assert.equal(recorded.length, count, 'nothing reached the upstream');
  });

  test('passes upstream errors through', async () => {
    const response = await setup.get('/dicomweb/orthanc/unknown');
    assert.equal(response.status, 404);
  });

  test('turns an upstream 401 into 502', async () => {
    const response = await setup.get('/dicomweb/orthanc/protected');
    assert.equal(response.status, 502);
    assert.equal(response.headers.get('www-authenticate'), null);
  });

  test('answers 502 when the upstream is down', async () => {
    const response = await setup.get('/dicomweb/offline/studies');
    assert.equal(response.status, 502);
    assert.match(await response.text(), /could not be reached/);
    assert.ok(setup.logger.lines.some((line) => line.startsWith('error:') && line.includes('offline')));
  });

  test('answers 504 when the upstream is slow', async () => {
    const response = await setup.get('/dicomweb/orthanc/slow');
    assert.equal(response.status, 504);
  });

  test('rejects dot segments', async () => {
    const count = recorded.length;
    for (const path of ['/dicomweb/orthanc/%2e%2e/admin', '/dicomweb/orthanc/studies/%2E%2E/%2e%2e/x', '/dicomweb/orthanc/a%2fb', '/dicomweb/orthanc/../x']) {
      // Sent raw, because fetch would resolve the dot segments before sending.
      const status = await rawStatus(path, { Authorization: `Bearer ${setup.token}` });
      assert.equal(status, 400, path);
    }
    assert.equal(recorded.length, count);
  });

  test('lists the upstream in the demo config', async () => {
    const config = (await (await setup.fetchPlain('/demo/config.json')).json()) as { sources: Record<string, unknown>[] };
    const orthanc = config.sources.find((source) => source.id === 'orthanc');
    assert.deepEqual(orthanc, { id: 'orthanc', label: 'Orthanc', kind: 'internal', type: 'upstream', baseUrl: '/dicomweb/orthanc' });
    const offline = config.sources.find((source) => source.id === 'offline');
    assert.equal(offline?.kind, 'external');
  });
});

describe('upstream validation', () => {
  const invalid: [string, string, RegExp][] = [
    ['a file URL', 'file:///etc/passwd', /must use http or https/],
    ['user information', 'http://user:secret@127.0.0.1:8042/dicom-web', /user information/],
    ['a query', 'http://127.0.0.1:8042/dicom-web?x=1', /query or fragment/],
    ['no URL', 'not a url', /not a valid absolute URL/],
  ];
  for (const [name, url, message] of invalid) {
    test(`rejects ${name}`, () => {
      assert.throws(() => validateUpstream({ key: 'x', label: 'X', url }), message);
    });
  }

  test('rejects an invalid key', () => {
    assert.throws(() => validateUpstream({ key: '../x', label: 'X', url: 'http://127.0.0.1:1/' }), /key/);
  });

  test('rejects a sample source key', async () => {
    await assert.rejects(
      createSampleGateway({ logger: createMemoryLogger(), upstreams: [{ key: 'own', label: 'Own', url: 'http://127.0.0.1:8042/dicom-web' }] }),
      /Two sources have the key "own"/,
    );
  });
});
