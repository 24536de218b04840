import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readFileMetaInformation } from '@studyline/core';
import { firstString, readPart10 } from './dicom-file.js';
import { dutchUtcOffset, ensureSampleData } from './generate-samples.js';
import { SAMPLE_PATIENT, SAMPLE_SOURCES, SAMPLE_STUDIES, SOP_CLASS_BY_MODALITY } from './sample-history.js';
import { InstanceStore, loadDirectory, type InstanceRecord } from './store.js';
import { SAMPLE_UID_ROOT, deriveUid } from './uid.js';

let workDir: string;
let dataDir: string;
const records: InstanceRecord[] = [];
const storesBySource = new Map<string, InstanceStore>();

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'studyline-history-test-'));
  dataDir = join(workDir, 'data');
  const result = await ensureSampleData({ dataDir });
  assert.equal(result.generated, true);
  for (const source of SAMPLE_SOURCES) {
    const store = new InstanceStore(source.key);
    const { skipped } = await loadDirectory(join(dataDir, source.key), store);
    assert.deepEqual(skipped, []);
    storesBySource.set(source.key, store);
    records.push(...store.allInstances());
  }
});

after(() => rm(workDir, { recursive: true, force: true }));

function text(record: InstanceRecord, tag: string): string | undefined {
  const values = record.dataset[tag]?.Value;
  const first = Array.isArray(values) ? values[0] : undefined;
  return typeof first === 'string' ? first : undefined;
}

describe('sample history', () => {
  test('has at least 30 studies', () => {
    const studies = new Set(records.map((record) => record.studyInstanceUid));
    assert.ok(studies.size >= 30, `${studies.size} studies`);
    assert.equal(studies.size, new Set(SAMPLE_STUDIES.map((study) => study.key)).size);
  });

  test('spans at least 10 years', () => {
    const years = new Set(records.map((record) => text(record, '00080020')?.slice(0, 4)).filter((year) => year !== undefined));
    const sorted = [...years].map(Number).sort();
    assert.ok(sorted[sorted.length - 1] - sorted[0] >= 10, `years ${sorted.join(', ')}`);
    assert.ok(years.has('2013'));
    assert.ok(years.has('2026'));
  });

  test('comes from at least 3 institutions', () => {
    const institutions = new Set(records.map((record) => text(record, '00080080')));
    assert.ok(institutions.size >= 3, [...institutions].join(', '));
  });

  test('has 6 image modalities and SR', () => {
    const modalities = new Set(records.map((record) => text(record, '00080060')));
    const images = [...modalities].filter((modality) => modality !== 'SR');
    assert.ok(images.length >= 6, [...modalities].join(', '));
    assert.ok(modalities.has('SR'));
  });

  test('has exactly one undated study', () => {
    const undated = new Set(records.filter((record) => record.dataset['00080020'] === undefined).map((record) => record.studyInstanceUid));
    assert.equal(undated.size, 1);
    const [uid] = undated;
    const instances = records.filter((record) => record.studyInstanceUid === uid);
    assert.ok(instances.every((record) => record.dataset['00080030'] === undefined), 'the undated study has no StudyTime either');
  });

  test('shares one study with external source', () => {
    const own = new Set(storesBySource.get('own')?.studyInstanceUids());
    const shared = ['rijnstad', 'noordzee'].flatMap((key) => (storesBySource.get(key)?.studyInstanceUids() ?? []).filter((uid) => own.has(uid)));
    assert.equal(shared.length, 1);
    assert.equal(shared[0], deriveUid('studyline-sample-history', 'study', 'smc-2022-mr-lwk'));
  });

  test('uses several transfer syntaxes', () => {
    const syntaxes = new Set(records.map((record) => record.transferSyntaxUid));
    for (const syntax of [
      '1.2.840.10008.1.2.1', // Explicit VR Little Endian
      '1.2.840.10008.1.2.5', // RLE Lossless
      '1.2.840.10008.1.2.4.80', // JPEG-LS Lossless
      '1.2.840.10008.1.2.4.90', // JPEG 2000 Lossless
      '1.2.840.10008.1.2.4.91', // JPEG 2000
      '1.2.840.10008.1.2.4.50', // JPEG Baseline
    ]) {
      assert.ok(syntaxes.has(syntax), `missing ${syntax}`);
    }
  });

  test('has multi-series studies and multi-instance series', () => {
    const seriesPerStudy = new Map<string, Set<string>>();
    const instancesPerSeries = new Map<string, number>();
    for (const record of records) {
      seriesPerStudy.set(record.studyInstanceUid, (seriesPerStudy.get(record.studyInstanceUid) ?? new Set()).add(record.seriesInstanceUid));
      instancesPerSeries.set(record.seriesInstanceUid, (instancesPerSeries.get(record.seriesInstanceUid) ?? 0) + 1);
    }
    assert.ok([...seriesPerStudy.values()].some((series) => series.size >= 3));
    assert.ok([...instancesPerSeries.values()].some((count) => count >= 3));
  });

  test('varies StudyTime precision', () => {
    const times = new Set(records.map((record) => text(record, '00080030')));
    assert.ok(times.has('0930'));
    assert.ok(times.has('093015.123456'));
    assert.ok(times.has(undefined));
  });

  test('writes the patient and accession attributes', () => {
    for (const record of records) {
      assert.equal(text(record, '00100020'), SAMPLE_PATIENT.id);
      assert.equal(text(record, '00100021'), SAMPLE_PATIENT.issuer);
      assert.deepEqual(record.dataset['00100010']?.Value, [{ Alphabetic: SAMPLE_PATIENT.name }]);
      assert.ok(text(record, '00080050'), 'AccessionNumber');
    }
    assert.ok(records.some((record) => record.dataset['00080051'] !== undefined), 'some have IssuerOfAccessionNumberSequence');
    assert.ok(records.some((record) => record.dataset['00080051'] === undefined), 'some have none');
    assert.ok(records.some((record) => Array.isArray(record.dataset['00080090']?.Value)), 'some have a referring physician');
  });

  test('keeps UIDs and file meta consistent', async () => {
    for (const record of records) {
      for (const uid of [record.studyInstanceUid, record.seriesInstanceUid, record.sopInstanceUid]) {
        assert.ok(uid.startsWith(SAMPLE_UID_ROOT), uid);
        assert.ok(uid.length <= 64, uid);
      }
      const meta = readFileMetaInformation(await readFile(record.path));
      assert.equal(meta?.sopInstanceUid, record.sopInstanceUid);
      assert.equal(meta?.sopClassUid, record.sopClassUid);
      assert.equal(record.sopClassUid, SOP_CLASS_BY_MODALITY[text(record, '00080060') ?? '']);
    }
  });

  test('removes private attributes of the templates', () => {
    for (const record of records) {
      const privateTags = Object.keys(record.dataset).filter((tag) => parseInt(tag.slice(0, 4), 16) % 2 === 1);
      assert.deepEqual(privateTags, [], record.path);
    }
  });

  test('encodes the en dash as UTF-8', async () => {
    const record = records.find((candidate) => text(candidate, '00081030')?.startsWith('Echo schildklier'));
    assert.ok(record);
    assert.equal(text(record, '00081030'), 'Echo schildklier – controle');
    assert.equal(text(record, '00080005'), 'ISO_IR 192');
    const bytes = await readFile(record.path);
    assert.ok(bytes.includes(Buffer.from('Echo schildklier – controle', 'utf8')), 'the file holds the UTF-8 bytes');
    const reread = readPart10(bytes);
    assert.equal(firstString(reread.dict, '00081030'), 'Echo schildklier – controle');
  });

  test('sets Dutch UTC offsets', () => {
    assert.equal(dutchUtcOffset('20190101'), '+0100');
    assert.equal(dutchUtcOffset('20190701'), '+0200');
    assert.equal(dutchUtcOffset('20190331'), '+0200');
    assert.equal(dutchUtcOffset('20191027'), '+0100');
  });
});

describe('ensureSampleData', () => {
  test('reuses an up-to-date cache', async () => {
    const again = await ensureSampleData({ dataDir });
    assert.equal(again.generated, false);
    assert.equal(again.fileCount, records.length);
  });

  test('regenerates after a version change', async () => {
    const markerPath = join(dataDir, 'generator.json');
    const marker = JSON.parse(await readFile(markerPath, 'utf8')) as { version: number };
    await writeFile(markerPath, JSON.stringify({ ...marker, version: marker.version - 1 }));
    const result = await ensureSampleData({ dataDir });
    assert.equal(result.generated, true);
    const leftovers = (await readdir(workDir)).filter((name) => name !== 'data');
    assert.deepEqual(leftovers, [], 'no temporary or outdated folders remain');
  });

  test('repeats UIDs for one seed', async () => {
    const otherDir = join(workDir, 'same-seed');
    try {
      await ensureSampleData({ dataDir: otherDir });
      const store = new InstanceStore('own');
      await loadDirectory(join(otherDir, 'own'), store);
      assert.deepEqual(store.studyInstanceUids().sort(), storesBySource.get('own')?.studyInstanceUids().sort());
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  test('gives other UIDs for another seed', async () => {
    const otherDir = join(workDir, 'other-seed');
    try {
      await ensureSampleData({ dataDir: otherDir, seed: 'another-seed' });
      const store = new InstanceStore('own');
      await loadDirectory(join(otherDir, 'own'), store);
      const own = new Set(storesBySource.get('own')?.studyInstanceUids());
      assert.equal(store.studyCount, own.size);
      assert.ok(store.studyInstanceUids().every((uid) => !own.has(uid)));
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  test('survives concurrent generation', async () => {
    const sharedDir = join(workDir, 'concurrent');
    try {
      const results = await Promise.all([ensureSampleData({ dataDir: sharedDir }), ensureSampleData({ dataDir: sharedDir })]);
      assert.ok(results.every((result) => result.fileCount === records.length));
      const store = new InstanceStore('own');
      const { indexed } = await loadDirectory(join(sharedDir, 'own'), store);
      assert.equal(indexed, storesBySource.get('own')?.instanceCount);
      const leftovers = (await readdir(workDir)).filter((name) => name.startsWith('concurrent.'));
      assert.deepEqual(leftovers, []);
    } finally {
      await rm(sharedDir, { recursive: true, force: true });
    }
  });
});
