// importStudy between in-memory adapters with the faults real servers show. The same paths against
// two real Orthanc servers are in packages/dicomweb/src/import.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StudylineError } from './errors.js';
import { importStudy, type ImportProgress } from './import-study.js';
import type { SourceInfo } from './model.js';
import { MemoryAdapter, makeInstances, type MemoryInstance } from './test-support/memory-adapter.js';

const external: SourceInfo = { id: 'external', label: 'Rijnstad Ziekenhuis', kind: 'external' };
const local: SourceInfo = { id: 'local', label: 'Own PACS', kind: 'internal' };
const STUDY = '1.2.826.0.1.3680043.8.498.501';
const study = { studyInstanceUid: STUDY, sources: [] };

function pair(count = 10, series = 2): { source: MemoryAdapter; target: MemoryAdapter; instances: MemoryInstance[] } {
  const instances = makeInstances(STUDY, count, series);
  return { source: new MemoryAdapter(external, instances), target: new MemoryAdapter(local, [], instances), instances };
}

describe('importStudy', () => {
  it('imports and verifies every instance', async () => {
    const { source, target, instances } = pair(10, 2);
    const outcome = await importStudy({ study, source, target, batchSize: 4 });
    assert.equal(outcome.state, 'done');
    assert.equal(outcome.expected, 10);
    assert.equal(outcome.stored, 10);
    assert.equal(outcome.verified, true);
    assert.equal(outcome.cancelled, false);
    assert.deepEqual(outcome.missing, []);
    assert.equal(outcome.reason, undefined);
    assert.equal(outcome.transferred, 10);
    assert.equal(outcome.bytes, instances.reduce((sum, instance) => sum + instance.data.length, 0));
    for (const instance of instances) assert.deepEqual(target.instances.get(instance.sopInstanceUid)?.data, instance.data);
  });

  it('stores in batches within batchSize and maxBatchBytes', async () => {
    const { source, target } = pair(10);
    await importStudy({ study, source, target, batchSize: 4 });
    assert.deepEqual(target.storeRequests, [4, 4, 2]);

    const second = pair(10);
    // Each instance is 2,048 bytes, so 5,000 bytes hold two.
    await importStudy({ study, source: second.source, target: second.target, batchSize: 50, maxBatchBytes: 5000 });
    assert.deepEqual(second.target.storeRequests, [2, 2, 2, 2, 2]);
  });

  it('reports progress through the three phases', async () => {
    const { source, target } = pair(6);
    const events: ImportProgress[] = [];
    await importStudy({ study, source, target, batchSize: 3, onProgress: (progress) => events.push(progress) });
    const phases = [...new Set(events.map((event) => event.phase))];
    assert.deepEqual(phases, ['listing', 'transferring', 'verifying']);
    const last = events.at(-1);
    assert.equal(last?.instances, 6);
    assert.equal(last?.totalInstances, 6);
    assert.equal(last?.storedInstances, 6);
    assert.equal(last?.failedInstances, 0);
    const counts = events.filter((event) => event.phase === 'transferring').map((event) => event.instances);
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => a - b),
      'the instance count never goes back',
    );
  });

  it('shows a Retry-After wait in the progress', async () => {
    const { source, target } = pair(2);
    source.faults.retryAfterSeconds = 7;
    const events: ImportProgress[] = [];
    const before = Date.now();
    await importStudy({ study, source, target, onProgress: (progress) => events.push(progress) });
    const waiting = events.find((event) => event.waiting !== undefined)?.waiting;
    assert.equal(waiting?.side, 'source');
    assert.equal(waiting?.waitSeconds, 7);
    assert.ok(waiting !== undefined);
    assert.ok(waiting.until >= before + 7000);
  });

  it('ends partial when the retrieve is cut short, and a retry completes it', async () => {
    const { source, target } = pair(10);
    source.faults = { retrieveStopAfter: 6, incompleteReason: 'The server sent only part of /studies/x (HTTP 206 Partial Content).' };
    const outcome = await importStudy({ study, source, target, batchSize: 4 });
    assert.equal(outcome.state, 'partial');
    assert.equal(outcome.stored, 6);
    assert.equal(outcome.missing.length, 4);
    for (const missing of outcome.missing) {
      assert.equal(missing.code, 'not-received');
      assert.match(missing.reason, /HTTP 206/);
    }
    assert.match(outcome.reason ?? '', /4 of 10 instances are missing/);
    assert.match(outcome.reason ?? '', /HTTP 206/);

    source.faults = {};
    const retry = await importStudy({ study, source, target, only: outcome.missing });
    assert.equal(retry.state, 'done');
    assert.equal(retry.transferred, 4);
    assert.deepEqual(
      source.lastRetrieveInstances?.map((instance) => instance.sopInstanceUid),
      outcome.missing.map((missing) => missing.sopInstanceUid),
    );
    assert.equal(target.instances.size, 10);
  });

  it('ends partial when the source fails mid-transfer', async () => {
    const { source, target } = pair(10);
    source.faults = {
      retrieveStopAfter: 3,
      retrieveError: new StudylineError('network', 'Could not reach the server for /dicom-web/studies/x.'),
    };
    const outcome = await importStudy({ study, source, target, batchSize: 2 });
    assert.equal(outcome.state, 'partial');
    assert.equal(outcome.stored, 3);
    assert.ok(outcome.missing.every((missing) => missing.code === 'not-received'));
    assert.match(outcome.reason ?? '', /Could not reach the server/);
  });

  it('reports store failures per instance', async () => {
    const { source, target, instances } = pair(6);
    const rejected = instances[2].sopInstanceUid;
    target.faults = { storeRejects: new Set([rejected]), storeWarning: 'Some instances were not stored' };
    const outcome = await importStudy({ study, source, target, batchSize: 3 });
    assert.equal(outcome.state, 'partial');
    assert.equal(outcome.stored, 5);
    assert.deepEqual(outcome.missing, [
      {
        seriesInstanceUid: instances[2].seriesInstanceUid,
        sopInstanceUid: rejected,
        code: 'store-failed',
        reason: 'Not stored: out of resources (0xA700).',
        failureReason: 0xa700,
      },
    ]);
    assert.ok(outcome.warnings.includes('Some instances were not stored'));
    assert.match(outcome.reason ?? '', /out of resources/);
  });

  it('trusts the target list, not its store response', async () => {
    const { source, target, instances } = pair(4);
    target.faults = { storeDrops: new Set([instances[1].sopInstanceUid]) };
    const outcome = await importStudy({ study, source, target });
    assert.equal(outcome.state, 'partial');
    assert.equal(outcome.missing.length, 1);
    assert.equal(outcome.missing[0].code, 'not-confirmed');
    assert.match(outcome.missing[0].reason, /confirmed storing this instance, but its instance list does not contain it/);
  });

  it('accepts a store response without a list once verified', async () => {
    const { source, target } = pair(4);
    target.faults = { storeListsNothing: true };
    const outcome = await importStudy({ study, source, target });
    assert.equal(outcome.state, 'done');
    assert.ok(outcome.warnings.some((warning) => /without listing the stored instances/.test(warning)));
  });

  it('stops after two rejected store requests', async () => {
    const { source, target } = pair(12);
    target.faults = { storeRejectsAll: true };
    const outcome = await importStudy({ study, source, target, batchSize: 2 });
    assert.equal(outcome.state, 'failed');
    assert.equal(outcome.stored, 0);
    assert.equal(target.storeRequests.length, 2);
    assert.ok(outcome.transferred < 12, 'the retrieve stopped early');
    assert.match(outcome.reason ?? '', /rejected 2 store requests in a row/);
    const codes = new Set(outcome.missing.map((missing) => missing.code));
    assert.ok(codes.has('store-failed'));
    assert.ok(codes.has('not-received') || codes.has('not-sent'));
  });

  it('fails when the source cannot list the study', async () => {
    const { source, target } = pair(3);
    source.faults = { listError: new StudylineError('http', 'The server answered HTTP 500 for /dicom-web/studies/x/instances.') };
    const outcome = await importStudy({ study, source, target });
    assert.equal(outcome.state, 'failed');
    assert.equal(outcome.expected, 0);
    assert.match(outcome.reason ?? '', /Could not list the instances of the study at Rijnstad Ziekenhuis: The server answered HTTP 500/);
    assert.deepEqual(target.storeRequests, []);
  });

  it('fails when the source lists no instances', async () => {
    const { target } = pair(1);
    const empty = new MemoryAdapter(external);
    const outcome = await importStudy({ study, source: empty, target });
    assert.equal(outcome.state, 'failed');
    assert.match(outcome.reason ?? '', /lists no instances/);
  });

  it('ends partial and unverified when the target list fails', async () => {
    const { source, target } = pair(4);
    target.faults = { listError: new StudylineError('network', 'Could not reach the server for /own/studies/x/instances.') };
    const outcome = await importStudy({ study, source, target });
    assert.equal(outcome.state, 'partial');
    assert.equal(outcome.verified, false);
    assert.equal(outcome.stored, 4, 'counted from the store responses');
    assert.deepEqual(outcome.missing, []);
    assert.match(outcome.reason ?? '', /could not be read, so the import is not verified/);

    target.faults = {};
    const retry = await importStudy({ study, source, target, only: outcome.missing });
    assert.equal(retry.state, 'done');
    assert.equal(retry.transferred, 0, 'an empty retry only verifies');
  });

  it('ends partial on cancel, and a retry completes it', async () => {
    const { source, target } = pair(20);
    const controller = new AbortController();
    const outcome = await importStudy({
      study,
      source,
      target,
      batchSize: 4,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.storedInstances >= 8) controller.abort();
      },
    });
    assert.equal(outcome.cancelled, true);
    assert.equal(outcome.state, 'partial');
    assert.equal(outcome.verified, false);
    assert.ok(outcome.missing.length > 0);
    assert.ok(outcome.missing.every((missing) => missing.code === 'cancelled'));
    assert.equal(outcome.stored + outcome.missing.length, 20);
    assert.match(outcome.reason ?? '', /cancelled/);
    assert.equal(source.lastRetrieveSignal?.aborted, true);

    const retry = await importStudy({ study, source, target, only: outcome.missing });
    assert.equal(retry.state, 'done');
    assert.equal(target.instances.size, 20);
  });

  it('fails on a cancel before the listing ends', async () => {
    const { source, target } = pair(2);
    const outcome = await importStudy({ study, source, target, signal: AbortSignal.abort() });
    assert.equal(outcome.state, 'failed');
    assert.equal(outcome.cancelled, true);
    assert.match(outcome.reason ?? '', /cancelled before it started/);
  });

  it('warns about retry instances the source no longer lists', async () => {
    const { source, target, instances } = pair(3);
    const outcome = await importStudy({
      study,
      source,
      target,
      only: [
        { seriesInstanceUid: instances[0].seriesInstanceUid, sopInstanceUid: instances[0].sopInstanceUid },
        { seriesInstanceUid: instances[0].seriesInstanceUid, sopInstanceUid: `${STUDY}.999` },
      ],
    });
    assert.ok(outcome.warnings.some((warning) => /no longer lists an instance/.test(warning)));
    assert.equal(outcome.transferred, 1);
    assert.equal(outcome.state, 'partial', 'the two instances not asked for are still missing');
    assert.ok(outcome.missing.every((missing) => missing.code === 'not-requested'));
  });

  it('stores and reports instances the source did not list', async () => {
    const { source, target, instances } = pair(3);
    source.faults = { unlisted: new Set([instances[2].sopInstanceUid]) };
    const outcome = await importStudy({ study, source, target });
    assert.equal(outcome.state, 'done');
    assert.equal(outcome.expected, 2);
    assert.ok(target.instances.has(instances[2].sopInstanceUid));
    assert.ok(outcome.warnings.some((warning) => /1 instance that its instance list does not contain/.test(warning)));
  });

  it('rejects invalid options', async () => {
    const { source, target } = pair(1);
    const cases: [string, Parameters<typeof importStudy>[0]][] = [
      ['no study UID', { study: { studyInstanceUid: '', sources: [] }, source, target }],
      ['the same adapter twice', { study, source, target: source }],
      ['a batch size of 0', { study, source, target, batchSize: 0 }],
      ['a fractional batch size', { study, source, target, batchSize: 2.5 }],
      ['a negative byte limit', { study, source, target, maxBatchBytes: -1 }],
    ];
    for (const [name, options] of cases) {
      await assert.rejects(importStudy(options), (error: unknown) => error instanceof StudylineError && error.code === 'invalid-argument', name);
    }
  });
});
