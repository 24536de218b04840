// downloadStudy and writeStudyZip with an in-memory source. The zips are read back through their
// central directory with CRC checks; the Orthanc download test is in packages/dicomweb/src/import.test.ts.
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { StudylineError } from './errors.js';
import { downloadStudy, estimateStudySize, writeStudyZip, type DownloadProgress } from './download-study.js';
import type { SourceInfo } from './model.js';
import { MemoryAdapter, makeInstances } from './test-support/memory-adapter.js';
import { makePart10 } from './test-support/make-part10.js';
import { readZip } from './test-support/read-zip.js';

const external: SourceInfo = { id: 'external', label: 'Rijnstad Ziekenhuis', kind: 'external' };
const STUDY = '1.2.826.0.1.3680043.8.498.601';
const study = { studyInstanceUid: STUDY, sources: [] };
const folder = mkdtempSync(join(tmpdir(), 'studyline-download-'));
after(() => rmSync(folder, { recursive: true, force: true }));

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('downloadStudy', () => {
  it('zips every instance as SERIES/SOP.dcm with a README', async () => {
    const instances = makeInstances(STUDY, 5, 2, 4000);
    const source = new MemoryAdapter(external, instances);
    const events: DownloadProgress[] = [];
    const download = downloadStudy({ study, source, estimatedBytes: 20_000, onProgress: (progress) => events.push(progress) });
    assert.equal(download.fileName, `study-${STUDY}.zip`);
    const zip = await readAll(download.stream);
    const entries = readZip(zip);

    assert.deepEqual(
      entries.map((entry) => entry.name),
      [...instances.map((instance) => `${instance.seriesInstanceUid}/${instance.sopInstanceUid}.dcm`), 'README.txt'],
    );
    for (const instance of instances) {
      const entry = entries.find((candidate) => candidate.name.endsWith(`/${instance.sopInstanceUid}.dcm`));
      assert.deepEqual(entry?.data, instance.data);
    }
    const readme = new TextDecoder().decode(entries.at(-1)?.data);
    assert.match(readme, /needs a DICOM viewer/);
    assert.match(readme, /no DICOMDIR/);
    assert.match(readme, /Instances: 5 of 5/);
    assert.doesNotMatch(readme, /INCOMPLETE/);

    const outcome = await download.result;
    assert.equal(outcome.state, 'done');
    assert.equal(outcome.instances, 5);
    assert.equal(outcome.expected, 5);
    assert.equal(outcome.bytes, 20_000);
    assert.equal(outcome.zipBytes, zip.length);
    assert.equal(outcome.cancelled, false);
    const last = events.at(-1);
    assert.equal(last?.instances, 5);
    assert.equal(last?.totalInstances, 5);
    assert.equal(last?.estimatedBytes, 20_000);
  });

  it('ends a cut-short retrieve with a README listing the missing', async () => {
    const instances = makeInstances(STUDY, 4);
    const source = new MemoryAdapter(external, instances);
    source.faults = { retrieveStopAfter: 3, incompleteReason: 'The server sent only part of /studies/x (HTTP 206 Partial Content).' };
    const download = downloadStudy({ study, source });
    const entries = readZip(await readAll(download.stream));
    assert.equal(entries.length, 4, 'three instances and the README');
    const readme = new TextDecoder().decode(entries.at(-1)?.data);
    assert.match(readme, /INCOMPLETE/);
    assert.match(readme, /HTTP 206/);
    assert.ok(readme.includes(instances[3].sopInstanceUid));

    const outcome = await download.result;
    assert.equal(outcome.state, 'partial');
    assert.deepEqual(
      outcome.missing.map((missing) => missing.sopInstanceUid),
      [instances[3].sopInstanceUid],
    );
    assert.match(outcome.reason ?? '', /1 of 4 instances are missing from the zip/);
  });

  it('errors the stream when no instance arrives', async () => {
    const source = new MemoryAdapter(external, makeInstances(STUDY, 2));
    source.faults = { retrieveStopAfter: 0, retrieveError: new StudylineError('http', 'The server answered HTTP 404 for /studies/x.') };
    const download = downloadStudy({ study, source });
    await assert.rejects(readAll(download.stream), /No instance of the study arrived from the source: The server answered HTTP 404/);
    const outcome = await download.result;
    assert.equal(outcome.state, 'failed');
    assert.equal(outcome.cancelled, false);
  });

  it('errors the stream when the listing fails', async () => {
    const source = new MemoryAdapter(external, makeInstances(STUDY, 2));
    source.faults = { listError: new StudylineError('network', 'Could not reach the server for /studies/x/instances.') };
    const download = downloadStudy({ study, source });
    await assert.rejects(readAll(download.stream), /Could not reach the server/);
    assert.equal((await download.result).state, 'failed');
  });

  it('stops on abort and reports a cancel', async () => {
    const source = new MemoryAdapter(external, makeInstances(STUDY, 20));
    const controller = new AbortController();
    const download = downloadStudy({
      study,
      source,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.instances === 3) controller.abort();
      },
    });
    await assert.rejects(readAll(download.stream), { name: 'AbortError' });
    const outcome = await download.result;
    assert.equal(outcome.cancelled, true);
    assert.equal(outcome.state, 'partial');
    assert.ok(outcome.instances < 20);
    assert.equal(source.lastRetrieveSignal?.aborted, true);
  });

  it('stops on abort after the last instance', async () => {
    // A retrieve whose response has fully arrived yields its remaining instances without looking at the signal.
    const source = new MemoryAdapter(external, makeInstances(STUDY, 6, 1, 50_000));
    const original = source.retrieveStudy.bind(source);
    source.retrieveStudy = (locator, options = {}) => original(locator, { ...options, signal: undefined });
    const controller = new AbortController();
    const download = downloadStudy({ study, source, signal: controller.signal });
    const reader = download.stream.getReader();
    await reader.read();
    controller.abort();
    await assert.rejects(
      (async () => {
        for (;;) if ((await reader.read()).done) break;
      })(),
      { name: 'AbortError' },
    );
    const outcome = await download.result;
    assert.equal(outcome.cancelled, true);
    assert.ok(outcome.instances < 6, `${outcome.instances} instances went into the zip after the abort`);
  });

  it('aborts the retrieve when the stream is cancelled', async () => {
    const source = new MemoryAdapter(external, makeInstances(STUDY, 20, 1, 100_000));
    const download = downloadStudy({ study, source });
    const reader = download.stream.getReader();
    await reader.read();
    await reader.cancel();
    const outcome = await download.result;
    assert.equal(outcome.cancelled, true);
    assert.equal(source.lastRetrieveSignal?.aborted, true);
  });

  it('names entries safely and uniquely', async () => {
    const good = makeInstances(STUDY, 1)[0];
    const unsafe = { ...good, sopInstanceUid: '../../etc/passwd', data: makePart10({ sopInstanceUid: '../../etc/passwd' }) };
    const duplicate = { ...good, data: makePart10({ sopInstanceUid: good.sopInstanceUid, size: 300 }) };
    const source = new MemoryAdapter(external, [good]);
    // A second copy of the same SOP Instance UID, as a source with a duplicate would send it.
    const original = source.retrieveStudy.bind(source);
    source.retrieveStudy = (locator, options) => {
      const stream = original(locator, options);
      return {
        result: stream.result,
        async *[Symbol.asyncIterator]() {
          yield* stream;
          yield { data: duplicate.data, mediaType: 'application/dicom', sopInstanceUid: duplicate.sopInstanceUid };
          yield { data: unsafe.data, mediaType: 'application/dicom', sopInstanceUid: unsafe.sopInstanceUid };
        },
      };
    };
    const download = downloadStudy({ study, source });
    const names = readZip(await readAll(download.stream)).map((entry) => entry.name);
    assert.deepEqual(names, [
      `${good.seriesInstanceUid}/${good.sopInstanceUid}.dcm`,
      `${good.seriesInstanceUid}/${good.sopInstanceUid}-2.dcm`,
      'unknown-series/instance-3.dcm',
      'README.txt',
    ]);
    const outcome = await download.result;
    assert.deepEqual(outcome.warnings, ["1 instance is not in the source's instance list, so the zip has it under unknown-series/."]);
  });

  it('uses a custom README', async () => {
    const source = new MemoryAdapter(external, makeInstances(STUDY, 2));
    const download = downloadStudy({ study, source, readme: (summary) => `Openen met een DICOM-viewer. ${summary.instances}/${summary.expected}` });
    const entries = readZip(await readAll(download.stream));
    assert.equal(new TextDecoder().decode(entries.at(-1)?.data), 'Openen met een DICOM-viewer. 2/2');
  });

  it('rejects a study without a UID', () => {
    const source = new MemoryAdapter(external);
    assert.throws(() => downloadStudy({ study: { studyInstanceUid: '', sources: [] }, source }), { code: 'invalid-argument' });
  });
});

describe('writeStudyZip', () => {
  it('writes the zip to a file in Node', async () => {
    const instances = makeInstances(STUDY, 3, 1, 10_000);
    const source = new MemoryAdapter(external, instances);
    const path = join(folder, 'study.zip');
    const outcome = await writeStudyZip({ study, source }, Writable.toWeb(createWriteStream(path)) as WritableStream<Uint8Array>);
    assert.equal(outcome.state, 'done');
    const entries = readZip(new Uint8Array(readFileSync(path)));
    assert.equal(entries.length, 4);
    assert.deepEqual(entries[0].data, instances[0].data);
  });

  it('reports a destination that fails as failed', async () => {
    const source = new MemoryAdapter(external, makeInstances(STUDY, 5, 1, 50_000));
    const destination = new WritableStream<Uint8Array>({
      write() {
        throw new Error('No space left on device');
      },
    });
    const outcome = await writeStudyZip({ study, source }, destination);
    assert.equal(outcome.state, 'failed');
    assert.equal(outcome.cancelled, false);
    assert.match(outcome.reason ?? '', /Writing the zip failed: No space left on device/);
  });
});

describe('estimateStudySize', () => {
  it('returns undefined for an adapter without an estimate', async () => {
    assert.equal(await estimateStudySize(new MemoryAdapter(external), study), undefined);
  });
});
