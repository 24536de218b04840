import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { StudylineError, parseMediaType, parseMultipart, type MultipartPart } from '@studyline/core';
import { createSampleGateway } from './server.js';
import { deriveUid } from './uid.js';
import { createMemoryLogger, readParts, startTestGateway, type TestGateway } from './test-support.js';

let setup: TestGateway;
const SEED = 'studyline-sample-history';
// Nine instances in four series.
const STUDY = `/dicomweb/own/studies/${deriveUid(SEED, 'study', 'smc-2018-mr-brain')}`;

before(async () => {
  setup = await startTestGateway({ faults: { rijnstad: { latencyMs: 150 } } });
});

after(() => setup.gateway.close());

describe('fault injection', () => {
  test('adds latency from the start options', async () => {
    const started = performance.now();
    const response = await setup.get('/dicomweb/rijnstad/studies?limit=1');
    assert.equal(response.status, 200);
    assert.ok(performance.now() - started >= 140, `took ${performance.now() - started} ms`);
  });

  test('fails every request with a status', async () => {
    setup.gateway.setFaults('own', { failStatus: 500 });
    try {
      for (const path of ['/dicomweb/own/studies', `${STUDY}/metadata`, STUDY]) {
        const response = await setup.get(path);
        assert.equal(response.status, 500, path);
        assert.match(await response.text(), /injected fault/);
      }
    } finally {
      setup.gateway.setFaults('own', {});
    }
    assert.equal((await setup.get('/dicomweb/own/studies?limit=1')).status, 200);
  });

  test('answers QIDO-RS with 204', async () => {
    setup.gateway.setFaults('noordzee', { qidoNoContent: true });
    try {
      const response = await setup.get('/dicomweb/noordzee/studies?PatientID=SL-0001');
      assert.equal(response.status, 204);
      assert.equal(await response.text(), '');
    } finally {
      setup.gateway.setFaults('noordzee', {});
    }
  });

  test('answers with an HTML page', async () => {
    setup.gateway.setFaults('own', { htmlResponse: true });
    try {
      const response = await setup.get('/dicomweb/own/studies');
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.match(await response.text(), /<html>/);
    } finally {
      setup.gateway.setFaults('own', {});
    }
  });

  test('cuts a retrieve after N parts', async () => {
    setup.gateway.setFaults('own', { cutRetrieveAfterParts: 3 });
    try {
      const response = await setup.get(STUDY);
      assert.equal(response.status, 200);
      const boundary = parseMediaType(response.headers.get('content-type') ?? '').parameters.get('boundary') ?? '';
      const parts: MultipartPart[] = [];
      await assert.rejects(
        async () => {
          for await (const part of parseMultipart(response.body as ReadableStream<Uint8Array>, boundary)) parts.push(part);
        },
        (error: unknown) => error instanceof StudylineError && error.code === 'truncated',
      );
      assert.equal(parts.length, 3);
      const records = setup.gateway.stores.get('own')?.studyInstances(deriveUid(SEED, 'study', 'smc-2018-mr-brain')) ?? [];
      for (const [index, part] of parts.entries()) {
        assert.ok(Buffer.from(part.body).equals(await readFile(records[index].path)), `part ${index + 1} is complete`);
      }
    } finally {
      setup.gateway.setFaults('own', {});
    }
  });

  test('returns 206 with fewer parts', async () => {
    setup.gateway.setFaults('own', { partialRetrieveParts: 4 });
    try {
      const response = await setup.get(STUDY);
      assert.equal(response.status, 206);
      assert.match(response.headers.get('warning') ?? '', /Only 4 of 9 instances/);
      assert.equal((await readParts(response)).length, 4);
    } finally {
      setup.gateway.setFaults('own', {});
    }
  });

  test('returns 503 with Retry-After first', async () => {
    setup.gateway.setFaults('rijnstad', { serviceUnavailableCount: 2 });
    try {
      const first = await setup.get('/dicomweb/rijnstad/studies?limit=1');
      const second = await setup.get('/dicomweb/rijnstad/studies?limit=1');
      const third = await setup.get('/dicomweb/rijnstad/studies?limit=1');
      assert.equal(first.status, 503);
      assert.equal(first.headers.get('retry-after'), '1');
      assert.equal(second.status, 503);
      assert.equal(third.status, 200);
    } finally {
      setup.gateway.setFaults('rijnstad', {});
    }
  });

  test('leaves other sources alone', async () => {
    setup.gateway.setFaults('noordzee', { failStatus: 502 });
    try {
      assert.equal((await setup.get('/dicomweb/own/studies?limit=1')).status, 200);
    } finally {
      setup.gateway.setFaults('noordzee', {});
    }
  });

  test('rejects invalid fault settings', async () => {
    assert.throws(() => setup.gateway.setFaults('own', { failStatus: 200 }), /HTTP error status/);
    assert.throws(() => setup.gateway.setFaults('own', { latencyMs: -1 }), /non-negative integer/);
    assert.throws(() => setup.gateway.setFaults('own', { typo: true } as never), /Unknown fault "typo"/);
    assert.throws(() => setup.gateway.setFaults('nowhere', {}), /no source "nowhere"/);
    await assert.rejects(createSampleGateway({ logger: createMemoryLogger(), faults: { nowhere: { failStatus: 500 } } }), /does not exist/);
  });
});
