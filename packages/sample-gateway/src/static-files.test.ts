import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestGateway, type TestGateway } from './test-support.js';

let workDir: string;
let setup: TestGateway;
let withoutStatic: TestGateway;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'studyline-static-test-'));
  const site = join(workDir, 'site');
  await mkdir(join(site, 'assets'), { recursive: true });
  await writeFile(join(site, 'index.html'), '<!DOCTYPE html><title>Studyline demo</title>');
  await writeFile(join(site, 'assets', 'app.js'), 'export const answer = 42;\n');
  await writeFile(join(site, 'assets', 'style.css'), 'body { margin: 0; }\n');
  await writeFile(join(site, 'assets', 'data.bin'), Buffer.from([1, 2, 3]));
  await writeFile(join(site, '.env'), 'SECRET=1\n');
  await writeFile(join(workDir, 'outside.txt'), 'outside the site\n');
  await symlink(join(workDir, 'outside.txt'), join(site, 'link.txt'));
  setup = await startTestGateway({ staticDir: site });
  withoutStatic = await startTestGateway();
});

after(async () => {
  await setup.gateway.close();
  await withoutStatic.gateway.close();
  await rm(workDir, { recursive: true, force: true });
});

/** Sends a raw request target, which fetch would normalise (`..` segments, for example). */
function rawRequest(port: number, path: string, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, method }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('static files', () => {
  test('serves index.html at /', async () => {
    const response = await setup.fetchPlain('/');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(await response.text(), /Studyline demo/);
  });

  const mediaTypes: [string, string][] = [
    ['/assets/app.js', 'text/javascript; charset=utf-8'],
    ['/assets/style.css', 'text/css; charset=utf-8'],
    ['/assets/data.bin', 'application/octet-stream'],
  ];
  for (const [path, mediaType] of mediaTypes) {
    test(`serves ${path} as ${mediaType}`, async () => {
      const response = await setup.fetchPlain(path);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), mediaType);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      await response.arrayBuffer();
    });
  }

  test('answers HEAD without a body', async () => {
    const response = await setup.fetchPlain('/assets/app.js', { method: 'HEAD' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-length'), '26');
  });

  const escapes = ['/../outside.txt', '/assets/../../outside.txt', '/%2e%2e/outside.txt', '/assets/%2E%2E%2F%2E%2E%2Foutside.txt', '/..%5coutside.txt'];
  for (const path of escapes) {
    test(`keeps ${path} inside the folder`, async () => {
      const result = await rawRequest(setup.gateway.port, path);
      assert.ok(result.status === 404 || result.status === 400, `${path}: ${result.status}`);
      assert.ok(!result.body.includes('outside the site'));
    });
  }

  test('ignores links out of folder', async () => {
    const response = await setup.fetchPlain('/link.txt');
    assert.equal(response.status, 404);
  });

  test('hides dot files', async () => {
    const response = await setup.fetchPlain('/.env');
    assert.equal(response.status, 404);
  });

  test('answers 404 for missing files', async () => {
    const response = await setup.fetchPlain('/missing.js');
    assert.equal(response.status, 404);
  });

  test('rejects POST', async () => {
    const response = await setup.fetchPlain('/index.html', { method: 'POST', body: 'x' });
    assert.equal(response.status, 405);
  });

  test('answers 404 without a static folder', async () => {
    const response = await withoutStatic.fetchPlain('/');
    assert.equal(response.status, 404);
    assert.match(await response.text(), /--static DIR/);
  });
});

describe('demo config', () => {
  test('lists the patient and the sources', async () => {
    const response = await setup.fetchPlain('/demo/config.json');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json');
    const config = (await response.json()) as { patient: unknown; sources: unknown[]; externals: unknown };
    assert.deepEqual(config.patient, { id: 'SL-0001', issuer: 'STUDYLINE-DEMO' });
    assert.equal(config.externals, 'xds');
    assert.deepEqual(config.sources, [
      { id: 'own', label: 'Studyline Medisch Centrum', kind: 'internal', institution: 'Studyline Medisch Centrum', type: 'sample', baseUrl: '/dicomweb/own' },
      { id: 'rijnstad', label: 'Rijnstad Ziekenhuis', kind: 'external', institution: 'Rijnstad Ziekenhuis', type: 'sample', baseUrl: '/dicomweb/rijnstad' },
      { id: 'noordzee', label: 'Noordzee Kliniek', kind: 'external', institution: 'Noordzee Kliniek', type: 'sample', baseUrl: '/dicomweb/noordzee' },
    ]);
  });
});
