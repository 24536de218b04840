import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StudylineError } from './errors.js';
import { assertNoCredentialsInUrl, createHttpClient, type AuthRequest } from './http.js';
import { startTestServer, type TestServer } from './test-support/http-server.js';

describe('createHttpClient', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('calls the auth hook before every request and sends its headers', async () => {
    server.handle((_request, response) => response.writeHead(200).end('ok'));
    const calls: AuthRequest[] = [];
    const http = createHttpClient({
      sourceId: 'own',
      auth: (request) => {
        calls.push(request);
        return { Authorization: 'Bearer secret-1' };
      },
    });
    await http.request(`${server.url}/studies?PatientID=1`, { kind: 'search' });
    await http.request(`${server.url}/studies/1/rendered`, { kind: 'rendered' });
    assert.deepEqual(calls.map((call) => [call.kind, call.refresh, call.sourceId]), [
      ['search', false, 'own'],
      ['rendered', false, 'own'],
    ]);
    assert.deepEqual(server.requests.map((request) => request.headers.authorization), ['Bearer secret-1', 'Bearer secret-1']);
  });

  it('refreshes once after a 401 and resends the same body', async () => {
    server.handle((request, response) => {
      if (request.headers.authorization === 'Bearer fresh') response.writeHead(200).end('stored');
      else response.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end();
    });
    const http = createHttpClient({ auth: ({ refresh }) => ({ Authorization: refresh ? 'Bearer fresh' : 'Bearer stale' }) });
    const response = await http.request(`${server.url}/studies`, { kind: 'store', method: 'POST', body: new Blob(['payload']) });
    assert.equal(await response.text(), 'stored');
    assert.equal(server.requests.length, 2);
    assert.deepEqual(server.requests.map((request) => request.body.toString()), ['payload', 'payload']);
  });

  it('makes a new stream body for a resend', async () => {
    server.handle((request, response) => {
      if (request.headers.authorization === 'Bearer fresh') response.writeHead(200).end('stored');
      else response.writeHead(401).end();
    });
    const http = createHttpClient({ auth: ({ refresh }) => ({ Authorization: refresh ? 'Bearer fresh' : 'Bearer stale' }) });
    let made = 0;
    const body = (): ReadableStream<Uint8Array> => {
      made++;
      return new Blob(['streamed payload']).stream();
    };
    const response = await http.request(`${server.url}/studies`, { kind: 'store', method: 'POST', body });
    assert.equal(await response.text(), 'stored');
    assert.equal(made, 2);
    assert.deepEqual(
      server.requests.map((request) => request.body.toString()),
      ['streamed payload', 'streamed payload'],
    );
  });

  it('fails with a clear error when the refreshed token is rejected too', async () => {
    server.handle((_request, response) => response.writeHead(401).end());
    let calls = 0;
    const http = createHttpClient({
      auth: () => {
        calls++;
        return { Authorization: 'Bearer secret-2' };
      },
    });
    await assert.rejects(http.request(`${server.url}/studies?PatientID=P-77`, { kind: 'search' }), (error: unknown) => {
      assert.ok(error instanceof StudylineError);
      assert.equal(error.code, 'unauthorized');
      assert.match(error.message, /401/);
      assert.doesNotMatch(error.message, /P-77|secret-2/);
      return true;
    });
    assert.equal(calls, 2);
    assert.equal(server.requests.length, 2);
  });

  it('waits out a 503 with Retry-After', async () => {
    let count = 0;
    server.handle((_request, response) => {
      count++;
      if (count === 1) response.writeHead(503, { 'Retry-After': '1' }).end();
      else response.writeHead(200).end('ready');
    });
    const waits: number[] = [];
    const http = createHttpClient({ onRetryAfter: ({ waitSeconds }) => waits.push(waitSeconds) });
    const response = await http.request(`${server.url}/studies/1`, { kind: 'retrieve' });
    assert.equal(await response.text(), 'ready');
    assert.deepEqual(waits, [1]);
  });

  it('gives up on a Retry-After longer than the limit', async () => {
    server.handle((_request, response) => response.writeHead(503, { 'Retry-After': '3600' }).end());
    const http = createHttpClient({ maxRetryAfterSeconds: 5 });
    await assert.rejects(http.request(`${server.url}/studies/1`, { kind: 'retrieve' }), (error: unknown) => {
      return error instanceof StudylineError && error.status === 503;
    });
  });

  it('keeps the Warning text in an HTTP error and leaves the query out', async () => {
    server.handle((_request, response) => response.writeHead(500, { Warning: '299 pacs "Database offline"' }).end());
    const http = createHttpClient();
    await assert.rejects(http.request(`${server.url}/studies?PatientID=P-88`, { kind: 'search' }), (error: unknown) => {
      assert.ok(error instanceof StudylineError);
      assert.equal(error.code, 'http');
      assert.match(error.message, /Database offline/);
      assert.doesNotMatch(error.message, /P-88/);
      return true;
    });
  });

  it('reports an unreachable server as a network error', async () => {
    const closed = await startTestServer();
    const url = closed.url;
    await closed.close();
    await assert.rejects(createHttpClient().request(`${url}/studies`, { kind: 'search' }), (error: unknown) => {
      return error instanceof StudylineError && error.code === 'network';
    });
  });

  it('passes an abort through as AbortError', async () => {
    server.handle(() => undefined);
    const controller = new AbortController();
    const pending = createHttpClient().request(`${server.url}/slow`, { kind: 'search', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, { name: 'AbortError' });
  });
});

describe('assertNoCredentialsInUrl', () => {
  it('rejects credentials in query, fragment and user information', () => {
    for (const url of [
      '/dicom-web/studies?access_token=abc',
      '/dicom-web/studies?PatientID=1&TOKEN=abc',
      '/wado?api_key=1',
      'https://user:pass@pacs.example.org/dicom-web/studies',
      '/viewer#id_token=abc',
    ]) {
      assert.throws(() => assertNoCredentialsInUrl(url), { code: 'credentials-in-url' }, url);
    }
  });

  it('accepts ordinary DICOMweb URLs', () => {
    assert.doesNotThrow(() => assertNoCredentialsInUrl('/dicom-web/studies?PatientID=1&includefield=00081030&limit=100'));
  });

  it('is enforced before any request is sent', async () => {
    let called = false;
    const http = createHttpClient({
      fetch: async () => {
        called = true;
        return new Response('');
      },
    });
    await assert.rejects(http.request('http://127.0.0.1:1/studies?access_token=x', { kind: 'search' }), { code: 'credentials-in-url' });
    assert.equal(called, false);
  });
});
