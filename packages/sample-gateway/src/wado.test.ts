import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { parseMediaType, readFileMetaInformation } from '@studyline/core';
import { PNG } from 'pngjs';
import { deriveUid } from './uid.js';
import { readDatasets, readParts, startTestGateway, value, type TestGateway } from './test-support.js';

let setup: TestGateway;
const SEED = 'studyline-sample-history';
const ALL_AS_STORED = 'multipart/related; type="application/dicom"; transfer-syntax=*';

function studyPath(studyKey: string, source = 'own'): string {
  return `/dicomweb/${source}/studies/${deriveUid(SEED, 'study', studyKey)}`;
}

function seriesPath(studyKey: string, seriesIndex: number, source = 'own'): string {
  return `${studyPath(studyKey, source)}/series/${deriveUid(SEED, 'series', studyKey, seriesIndex)}`;
}

function instancePath(studyKey: string, seriesIndex: number, instanceIndex: number, source = 'own'): string {
  return `${seriesPath(studyKey, seriesIndex, source)}/instances/${deriveUid(SEED, 'instance', studyKey, seriesIndex, instanceIndex)}`;
}

before(async () => {
  setup = await startTestGateway();
});

after(() => setup.gateway.close());

describe('WADO-RS retrieve', () => {
  test('streams study as identical files', async () => {
    const response = await setup.get(studyPath('smc-2018-mr-brain'), { headers: { Accept: ALL_AS_STORED } });
    assert.equal(response.status, 200);
    const mediaType = parseMediaType(response.headers.get('content-type') ?? '');
    assert.equal(mediaType.type, 'multipart/related');
    assert.equal(mediaType.parameters.get('type'), 'application/dicom');
    assert.match(mediaType.parameters.get('boundary') ?? '', /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/);

    const parts = await readParts(response);
    const records = setup.gateway.stores.get('own')?.studyInstances(deriveUid(SEED, 'study', 'smc-2018-mr-brain')) ?? [];
    assert.equal(parts.length, 9);
    assert.equal(parts.length, records.length);
    for (const [index, part] of parts.entries()) {
      const file = await readFile(records[index].path);
      assert.ok(Buffer.from(part.body).equals(file), `part ${index + 1} differs from ${records[index].path}`);
      assert.equal(part.headers.get('content-length'), String(file.byteLength));
      const partType = parseMediaType(part.headers.get('content-type') ?? '');
      assert.equal(partType.type, 'application/dicom');
      assert.equal(partType.parameters.get('transfer-syntax'), readFileMetaInformation(part.body)?.transferSyntaxUid);
    }
  });

  test('streams one series', async () => {
    const response = await setup.get(seriesPath('smc-2013-ct-abdomen', 1));
    assert.equal(response.status, 200);
    const parts = await readParts(response);
    assert.equal(parts.length, 3);
    assert.ok(parts.every((part) => readFileMetaInformation(part.body)?.sopClassUid === '1.2.840.10008.5.1.4.1.1.2'));
  });

  test('streams one instance', async () => {
    const response = await setup.get(instancePath('smc-2019-us-thyroid', 0, 1));
    const parts = await readParts(response);
    assert.equal(parts.length, 1);
    assert.equal(readFileMetaInformation(parts[0].body)?.sopInstanceUid, deriveUid(SEED, 'instance', 'smc-2019-us-thyroid', 0, 1));
    assert.equal(readFileMetaInformation(parts[0].body)?.transferSyntaxUid, '1.2.840.10008.1.2.4.50');
  });

  test('accepts the stored transfer syntax by name', async () => {
    const response = await setup.get(seriesPath('smc-2022-mr-lwk', 0), {
      headers: { Accept: 'multipart/related; type=application/dicom; transfer-syntax=1.2.840.10008.1.2.4.90' },
    });
    assert.equal(response.status, 200);
    assert.equal((await readParts(response)).length, 3);
  });

  test('rejects another transfer syntax with 406', async () => {
    const response = await setup.get(seriesPath('smc-2022-mr-lwk', 0), {
      headers: { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.1' },
    });
    assert.equal(response.status, 406);
    assert.match(await response.text(), /does not transcode/);
  });

  test('uses a later acceptable media range', async () => {
    const response = await setup.get(seriesPath('smc-2022-mr-lwk', 0), {
      headers: { Accept: `multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.1, ${ALL_AS_STORED}; q=0.5` },
    });
    assert.equal(response.status, 200);
    await response.body?.cancel();
  });

  test('rejects other media types with 406', async () => {
    const response = await setup.get(studyPath('smc-2018-mr-brain'), { headers: { Accept: 'application/zip' } });
    assert.equal(response.status, 406);
  });

  test('answers 404 for an unknown study', async () => {
    const response = await setup.get(`/dicomweb/own/studies/${deriveUid(SEED, 'no-such-study')}`);
    assert.equal(response.status, 404);
    assert.match(await response.text(), /is not in source "own"/);
  });

  test('returns 404 for foreign study', async () => {
    const response = await setup.get(studyPath('nk-2019-mr-hip', 'own'));
    assert.equal(response.status, 404);
  });
});

describe('WADO-RS metadata', () => {
  test('lists study instances without pixels', async () => {
    const response = await setup.get(`${studyPath('smc-2020-pt-fdg')}/metadata`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/dicom+json');
    const datasets = await readDatasets(response);
    assert.equal(datasets.length, 5);
    for (const dataset of datasets) {
      assert.equal(dataset['7FE00010'], undefined);
      assert.equal(value(dataset, '0020000D'), deriveUid(SEED, 'study', 'smc-2020-pt-fdg'));
      assert.ok(value(dataset, '00080018'));
    }
    const modalities = datasets.map((dataset) => value(dataset, '00080060'));
    assert.deepEqual(modalities, ['PT', 'PT', 'CT', 'CT', 'SR']);
    const pet = datasets[0];
    assert.equal(value(pet, '00080016'), '1.2.840.10008.5.1.4.1.1.128');
    assert.equal(value(pet, '00280010'), 1024, 'Rows as a JSON number');
  });

  test('lists the instances of a series', async () => {
    const datasets = await readDatasets(await setup.get(`${seriesPath('smc-2020-pt-fdg', 2)}/metadata`));
    assert.equal(datasets.length, 1);
    assert.equal(value(datasets[0], '00080060'), 'SR');
    assert.ok(datasets[0]['0040A730'] !== undefined, 'the SR content sequence is there');
  });

  test('returns one instance', async () => {
    const datasets = await readDatasets(await setup.get(`${instancePath('smc-2019-us-thyroid', 0, 0)}/metadata`));
    assert.equal(datasets.length, 1);
    assert.equal(value(datasets[0], '00081030'), 'Echo schildklier – controle');
  });

  test('answers 404 for an unknown series', async () => {
    const response = await setup.get(`${studyPath('smc-2020-pt-fdg')}/series/${deriveUid(SEED, 'none')}/metadata`);
    assert.equal(response.status, 404);
  });
});

async function renderedPng(path: string): Promise<PNG> {
  const response = await setup.get(path);
  assert.equal(response.status, 200, await response.clone().text().catch(() => ''));
  assert.equal(response.headers.get('content-type'), 'image/png');
  return PNG.sync.read(Buffer.from(await response.arrayBuffer()));
}

/** Number of distinct grey values, a test that an image is not blank. */
function distinctValues(png: PNG): number {
  const seen = new Set<number>();
  for (let index = 0; index < png.data.length; index += 4) seen.add(png.data[index]);
  return seen.size;
}

describe('WADO-RS rendered', () => {
  test('renders an uncompressed instance to the viewport', async () => {
    const png = await renderedPng(`${instancePath('smc-2026-mr-knee', 0, 0)}/rendered?viewport=128,128`);
    assert.equal(png.width, 128);
    assert.equal(png.height, 128);
    assert.ok(distinctValues(png) > 20, `${distinctValues(png)} distinct values`);
  });

  test('renders a JPEG-LS instance', async () => {
    const png = await renderedPng(`${instancePath('smc-2018-mr-brain', 0, 0)}/rendered?viewport=100,100`);
    assert.equal(png.width, 100);
    assert.equal(png.height, 100);
    assert.ok(distinctValues(png) > 20);
  });

  test('renders a JPEG 2000 instance', async () => {
    const png = await renderedPng(`${instancePath('smc-2022-mr-lwk', 0, 0)}/frames/1/rendered?viewport=64,64`);
    assert.equal(png.width, 64);
    assert.equal(png.height, 64);
    assert.ok(distinctValues(png) > 20);
  });

  test('keeps the aspect ratio inside the viewport', async () => {
    // The NM template is 256 columns by 1024 rows.
    const png = await renderedPng(`${instancePath('smc-2016-nm-bone', 0, 0)}/rendered?viewport=100,100`);
    assert.equal(png.width, 25);
    assert.equal(png.height, 100);
    assert.ok(distinctValues(png) > 5);
  });

  test('renders a series by its first image', async () => {
    const png = await renderedPng(`${seriesPath('smc-2013-cr-thorax', 0)}/rendered`);
    assert.equal(png.width, 16, 'the CR template is 16 by 16 pixels');
    assert.equal(png.height, 16);
  });

  test('renders a study by its first image', async () => {
    const png = await renderedPng(`${studyPath('smc-2017-ct-thorax')}/rendered?viewport=32,32`);
    assert.equal(png.width, 32);
  });

  test('applies a window from the query', async () => {
    const narrow = await renderedPng(`${instancePath('smc-2026-mr-knee', 0, 0)}/rendered?window=600,10`);
    const wide = await renderedPng(`${instancePath('smc-2026-mr-knee', 0, 0)}/rendered`);
    assert.ok(distinctValues(narrow) < distinctValues(wide));
  });

  test('serves repeated requests from the cache', async () => {
    const path = `${instancePath('smc-2014-us-abdomen', 0, 0)}/rendered?viewport=50,50`;
    await renderedPng(path);
    const before = setup.gateway.renderStats().rendered;
    await renderedPng(path);
    assert.equal(setup.gateway.renderStats().rendered, before);
  });

  test('answers 404 for a structured report', async () => {
    const response = await setup.get(`${instancePath('smc-2017-ct-thorax', 1, 0)}/rendered`);
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.match(await response.text(), /is not an image/);
  });

  test('returns 404 for missing frame', async () => {
    const response = await setup.get(`${instancePath('smc-2026-mr-knee', 0, 0)}/frames/2/rendered`);
    assert.equal(response.status, 404);
  });

  test('answers 404 for thumbnails', async () => {
    for (const path of [`${studyPath('smc-2026-mr-knee')}/thumbnail`, `${instancePath('smc-2026-mr-knee', 0, 0)}/thumbnail`]) {
      const response = await setup.get(path);
      assert.equal(response.status, 404);
      assert.match(await response.text(), /not implemented/);
    }
  });

  const badViewports = ['0,10', '10', 'a,b', '10,10,5,5', '5000,10'];
  for (const viewport of badViewports) {
    test(`rejects viewport ${viewport}`, async () => {
      const response = await setup.get(`${instancePath('smc-2026-mr-knee', 0, 0)}/rendered?viewport=${viewport}`);
      assert.equal(response.status, 400);
    });
  }

  test('rejects JPEG-only requests', async () => {
    const response = await setup.get(`${instancePath('smc-2026-mr-knee', 0, 0)}/rendered`, { headers: { Accept: 'image/jpeg' } });
    assert.equal(response.status, 406);
  });

  test('accepts image/png through the accept parameter', async () => {
    const response = await setup.get(`${instancePath('smc-2026-mr-knee', 0, 0)}/rendered?accept=image/png`, { headers: { Accept: 'image/jpeg' } });
    assert.equal(response.status, 200);
    await response.body?.cancel();
  });
});
