// importStudy and downloadStudy between two real Orthanc servers on 127.0.0.1, each with its own
// temporary storage: "external" (another hospital's archive, loaded with studies) and "local" (the
// own PACS, empty before each test). Fails with the install command when Orthanc is missing.
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  estimateStudySize,
  importStudy,
  writeStudyZip,
  type DicomInstance,
  type ImportProgress,
  type SourceInfo,
  type StudyLocator,
} from '@studyline/core';
import { readZip } from '../../core/src/test-support/read-zip.js';
import { DicomWebAdapter } from './dicomweb-adapter.js';
import { makeLargeStudy, makeSampleStudy, rewriteDicom, type GeneratedStudy } from './test-support/dicom-files.js';
import { startDicomWebProxy, type DicomWebProxy } from './test-support/dicomweb-proxy.js';
import { startOrthanc, type OrthancServer } from './test-support/orthanc.js';

const externalSource: SourceInfo = { id: 'external', label: 'Rijnstad Ziekenhuis', kind: 'external' };
const localSource: SourceInfo = { id: 'local', label: 'Own PACS', kind: 'internal' };

/** Makes the local Orthanc drop any instance with ImageComments `studyline-reject`, while its STOW-RS still reports it stored. */
const REJECT_FILTER = `
function ReceivedInstanceFilter(dicom, origin, info)
  return dicom.ImageComments ~= 'studyline-reject'
end
`;

const EXPECTED_TRANSFER_SYNTAXES = {
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
};

function locator(studyInstanceUid: string): StudyLocator {
  return { studyInstanceUid, sources: [{ source: externalSource }] };
}

async function collect(stream: AsyncIterable<DicomInstance>): Promise<DicomInstance[]> {
  const instances: DicomInstance[] = [];
  for await (const instance of stream) instances.push(instance);
  return instances;
}

describe('importStudy between two Orthanc servers', () => {
  let external: OrthancServer;
  let local: OrthancServer;
  let proxy: DicomWebProxy;
  let source: DicomWebAdapter;
  let target: DicomWebAdapter;
  let proxiedTarget: DicomWebAdapter;
  let multi: GeneratedStudy;
  let filtered: GeneratedStudy;
  let large: { studyInstanceUid: string; sopInstanceUids: string[] };
  const folder = mkdtempSync(join(tmpdir(), 'studyline-import-test-'));

  before(async () => {
    [external, local] = await Promise.all([startOrthanc({ name: 'external' }), startOrthanc({ name: 'local', luaScripts: [REJECT_FILTER] })]);
    proxy = await startDicomWebProxy(local.url);
    source = new DicomWebAdapter({ baseUrl: external.dicomWebUrl, source: externalSource });
    target = new DicomWebAdapter({ baseUrl: local.dicomWebUrl, source: localSource });
    proxiedTarget = new DicomWebAdapter({ baseUrl: `${proxy.url}/dicom-web`, source: localSource });

    multi = makeSampleStudy(
      [['mrExplicit', 'mrRle', 'mrJpegLs', 'mrJpeg2000Lossless'], ['rgbJpegBaseline', 'rgbRleTwoFrames'], ['nmJpegExtended', 'nmJpeg2000'], ['ctExplicit']],
      'STUDYLINE-IMPORT-1',
    );
    for (const instance of multi.instances) await external.upload(instance.data);

    filtered = makeSampleStudy([['mrExplicit', 'mrRle', 'ctExplicit']], 'STUDYLINE-IMPORT-2');
    filtered.instances[1].data = rewriteDicom(filtered.instances[1].data, { imageComments: 'studyline-reject' });
    for (const instance of filtered.instances) await external.upload(instance.data);

    // 40 MB in 80 files: large enough that a kill or a cancel lands while data is still on its way.
    const generated = makeLargeStudy({ instances: 80, instanceBytes: 512 * 1024, series: 4 });
    large = { studyInstanceUid: generated.studyInstanceUid, sopInstanceUids: [] };
    for (const file of generated.files()) {
      await external.upload(file.data);
      large.sopInstanceUids.push(file.sopInstanceUid);
    }
  });
  beforeEach(async () => {
    await local?.clear();
    proxy?.rejectSopInstanceUids.clear();
  });
  after(async () => {
    await proxy?.close();
    await Promise.all([external?.stop(), local?.stop()]);
    rmSync(folder, { recursive: true, force: true });
  });

  it('imports a multi-series study, verified instance by instance', async () => {
    const outcome = await importStudy({ study: locator(multi.studyInstanceUid), source, target, batchSize: 4 });
    assert.equal(outcome.state, 'done', outcome.reason);
    assert.equal(outcome.verified, true);
    assert.equal(outcome.expected, 9);
    assert.equal(outcome.stored, 9);
    assert.deepEqual(outcome.missing, []);

    const imported = await target.listInstances(locator(multi.studyInstanceUid));
    assert.equal(imported.length, 9);
    for (const instance of multi.instances) {
      const copy = imported.find((candidate) => candidate.sopInstanceUid === instance.sopInstanceUid);
      assert.equal(copy?.seriesInstanceUid, instance.seriesInstanceUid, `${instance.sample} is in its series`);
    }
    assert.equal((await target.listSeries(locator(multi.studyInstanceUid))).length, 4);
  });

  it('keeps compressed instances byte-identical', async () => {
    const outcome = await importStudy({ study: locator(multi.studyInstanceUid), source, target });
    assert.equal(outcome.state, 'done', outcome.reason);
    const copies = await collect(target.retrieveStudy(locator(multi.studyInstanceUid)));
    for (const [uid, name] of Object.entries(EXPECTED_TRANSFER_SYNTAXES)) {
      assert.ok(
        multi.instances.some((instance) => instance.transferSyntaxUid === uid),
        `the study has a ${name} instance`,
      );
    }
    for (const instance of multi.instances) {
      const copy = copies.find((candidate) => candidate.sopInstanceUid === instance.sopInstanceUid);
      assert.ok(copy !== undefined, `${instance.sample} arrived`);
      assert.equal(copy.transferSyntaxUid, instance.transferSyntaxUid);
      assert.ok(Buffer.from(copy.data).equals(Buffer.from(instance.data)), `${instance.sample} is byte-identical`);
    }
  });

  it('ends partial on cancel, and a retry completes it', async () => {
    const controller = new AbortController();
    const outcome = await importStudy({
      study: locator(large.studyInstanceUid),
      source,
      target,
      batchSize: 5,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.storedInstances >= 10) controller.abort();
      },
    });
    assert.equal(outcome.cancelled, true);
    assert.equal(outcome.state, 'partial');
    assert.ok(outcome.stored >= 10);
    assert.ok(outcome.missing.length > 0);
    assert.ok(outcome.missing.every((missing) => missing.code === 'cancelled'));
    assert.ok((await local.countInstances()) < 80);

    const retry = await importStudy({ study: locator(large.studyInstanceUid), source, target, only: outcome.missing });
    assert.equal(retry.state, 'done', retry.reason);
    assert.equal(retry.transferred, outcome.missing.length);
    assert.equal(await local.countInstances(), 80);
  });

  it('ends partial when the source dies, and a retry after its restart completes', async () => {
    let killed = false;
    const outcome = await importStudy({
      study: locator(large.studyInstanceUid),
      source,
      target,
      batchSize: 5,
      onProgress: (progress) => {
        if (!killed && progress.instances >= 8) {
          killed = true;
          void external.kill();
        }
      },
    });
    assert.equal(killed, true);
    assert.equal(outcome.state, 'partial');
    assert.equal(outcome.verified, true);
    assert.ok(outcome.stored >= 8);
    assert.ok(outcome.missing.length > 0);
    assert.ok(outcome.missing.every((missing) => missing.code === 'not-received'));
    assert.match(outcome.reason ?? '', /instances are missing from the target/);
    assert.match(outcome.reason ?? '', /ended early|connection broke/);

    const whileDown = await importStudy({ study: locator(large.studyInstanceUid), source, target, only: outcome.missing });
    assert.equal(whileDown.state, 'failed');
    assert.match(whileDown.reason ?? '', /Could not list the instances of the study at Rijnstad Ziekenhuis: Could not reach the server/);

    await external.restart();
    const retry = await importStudy({ study: locator(large.studyInstanceUid), source, target, only: outcome.missing });
    assert.equal(retry.state, 'done', retry.reason);
    assert.equal(await local.countInstances(), 80);
  });

  it('reports a store failure per instance', async () => {
    const rejected = multi.instances[2];
    proxy.rejectSopInstanceUids.add(rejected.sopInstanceUid);
    const outcome = await importStudy({ study: locator(multi.studyInstanceUid), source, target: proxiedTarget, batchSize: 4 });
    assert.equal(outcome.state, 'partial');
    assert.equal(outcome.stored, 8);
    assert.deepEqual(outcome.missing, [
      {
        seriesInstanceUid: rejected.seriesInstanceUid,
        sopInstanceUid: rejected.sopInstanceUid,
        code: 'store-failed',
        reason: 'Not stored: out of resources (0xA700).',
        failureReason: 0xa700,
      },
    ]);
    assert.ok(outcome.warnings.includes('1 instance(s) rejected: out of resources'));

    proxy.rejectSopInstanceUids.clear();
    const retry = await importStudy({ study: locator(multi.studyInstanceUid), source, target: proxiedTarget, only: outcome.missing });
    assert.equal(retry.state, 'done', retry.reason);
  });

  it('catches an instance Orthanc reports stored but drops', async () => {
    // Orthanc 1.10 with DICOMweb plugin 1.7 lists an instance that its Lua filter drops as stored.
    const outcome = await importStudy({ study: locator(filtered.studyInstanceUid), source, target });
    assert.equal(outcome.state, 'partial');
    assert.equal(outcome.stored, 2);
    assert.equal(outcome.missing.length, 1);
    assert.equal(outcome.missing[0].sopInstanceUid, filtered.instances[1].sopInstanceUid);
    assert.equal(outcome.missing[0].code, 'not-confirmed');
    assert.match(outcome.missing[0].reason, /Own PACS confirmed storing this instance, but its instance list does not contain it/);
  });

  it('waits out a 503 Retry-After and shows it', async () => {
    proxy.answerNextStoreWith503(1);
    const waits: NonNullable<ImportProgress['waiting']>[] = [];
    const outcome = await importStudy({
      study: locator(multi.studyInstanceUid),
      source,
      target: proxiedTarget,
      onProgress: (progress) => {
        if (progress.waiting !== undefined) waits.push(progress.waiting);
      },
    });
    assert.equal(outcome.state, 'done', outcome.reason);
    assert.equal(waits[0]?.side, 'target');
    assert.equal(waits[0]?.waitSeconds, 1);
    assert.match(waits[0]?.path ?? '', /\/dicom-web\/studies$/);
  });

  it('downloads a study as a zip of identical files', async () => {
    const study = locator(multi.studyInstanceUid);
    const estimate = await estimateStudySize(source, study);
    assert.equal(estimate?.instances, 9);
    const path = join(folder, 'study.zip');
    const outcome = await writeStudyZip(
      { study, source, estimatedBytes: estimate?.bytes },
      Writable.toWeb(createWriteStream(path)) as WritableStream<Uint8Array>,
    );
    assert.equal(outcome.state, 'done', outcome.reason);
    assert.equal(outcome.instances, 9);

    const entries = readZip(new Uint8Array(readFileSync(path)));
    assert.equal(entries.length, 10);
    for (const instance of multi.instances) {
      const entry = entries.find((candidate) => candidate.name === `${instance.seriesInstanceUid}/${instance.sopInstanceUid}.dcm`);
      assert.ok(entry !== undefined, `${instance.sample} is in the zip`);
      assert.ok(Buffer.from(entry.data).equals(Buffer.from(instance.data)), `${instance.sample} is byte-identical`);
    }
    assert.equal(entries.at(-1)?.name, 'README.txt');
    assert.match(new TextDecoder().decode(entries.at(-1)?.data), /needs a DICOM viewer/);
  });
});
