import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DicomJsonDataset } from '@studyline/core';
import { readPart10 } from './dicom-file.js';
import { DEFAULT_TEMPLATES_DIR } from './generate-samples.js';
import { deriveUid } from './uid.js';
import { buildMultipart, readDatasets, readParts, startTestGateway, value, values, type TestGateway } from './test-support.js';

let setup: TestGateway;
const SEED = 'stow-test';
const BOUNDARY = 'stow-test-boundary-0123';

before(async () => {
  setup = await startTestGateway();
});

after(() => setup.gateway.close());

/** Writes a copy of the MR template with new UIDs, as a modality would send it. */
async function makeInstance(name: string, options: { studyKey?: string; withoutSopInstanceUid?: boolean } = {}): Promise<Uint8Array<ArrayBuffer>> {
  const template = await readFile(join(DEFAULT_TEMPLATES_DIR, 'MR_small.dcm'));
  const dicom = readPart10(template);
  const studyUid = deriveUid(SEED, 'study', options.studyKey ?? 'stow');
  const sopUid = deriveUid(SEED, 'instance', name);
  dicom.dict['00080005'] = { vr: 'CS', Value: ['ISO_IR 192'] };
  dicom.dict['00100020'] = { vr: 'LO', Value: ['SL-0001'] };
  dicom.dict['00100021'] = { vr: 'LO', Value: ['STUDYLINE-DEMO'] };
  dicom.dict['00081030'] = { vr: 'LO', Value: ['Geïmporteerd onderzoek'] };
  dicom.dict['00080020'] = { vr: 'DA', Value: ['20261201'] };
  dicom.dict['0020000D'] = { vr: 'UI', Value: [studyUid] };
  dicom.dict['0020000E'] = { vr: 'UI', Value: [deriveUid(SEED, 'series', options.studyKey ?? 'stow')] };
  dicom.dict['00080018'] = { vr: 'UI', Value: [sopUid] };
  dicom.meta['00020003'] = { vr: 'UI', Value: [sopUid] };
  if (options.withoutSopInstanceUid) {
    delete dicom.dict['00080018'];
    delete dicom.meta['00020003'];
  }
  return new Uint8Array(dicom.write());
}

function stow(path: string, body: Uint8Array<ArrayBuffer>, contentType = `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`): Promise<Response> {
  return setup.get(path, { method: 'POST', body, headers: { 'Content-Type': contentType, Accept: 'application/dicom+json' } });
}

function sequence(body: DicomJsonDataset, tag: string): DicomJsonDataset[] {
  return values(body, tag) as DicomJsonDataset[];
}

describe('STOW-RS', () => {
  test('stores an instance that QIDO-RS then finds', async () => {
    const instance = await makeInstance('first');
    const response = await stow('/dicomweb/own/studies', buildMultipart([{ contentType: 'application/dicom', body: instance }], BOUNDARY));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/dicom+json');
    const body = (await response.json()) as DicomJsonDataset;
    const [stored] = sequence(body, '00081199');
    assert.equal(value(stored, '00081155'), deriveUid(SEED, 'instance', 'first'));
    assert.equal(value(stored, '00081150'), '1.2.840.10008.5.1.4.1.1.4');
    assert.match(value(stored, '00081190') as string, /\/dicomweb\/own\/studies\/.+\/series\/.+\/instances\//);
    assert.equal(body['00081198'], undefined);

    const search = await setup.get(`/dicomweb/own/studies?PatientID=SL-0001&StudyDate=20261201&includefield=StudyDescription`);
    const [study] = await readDatasets(search);
    assert.equal(value(study, '0020000D'), deriveUid(SEED, 'study', 'stow'));
    assert.equal(value(study, '00081030'), 'Geïmporteerd onderzoek');

    const retrieve = await setup.get(`/dicomweb/own/studies/${deriveUid(SEED, 'study', 'stow')}`);
    const [part] = await readParts(retrieve);
    assert.ok(Buffer.from(part.body).equals(Buffer.from(instance)), 'the retrieved file is the stored file');
  });

  test('writes received files to the store folder', async () => {
    const files = await readdir(join(setup.gateway.storeDir, 'own'));
    assert.ok(files.includes(`${deriveUid(SEED, 'instance', 'first')}.dcm`), files.join(', '));
  });

  test('keeps other sources unchanged', async () => {
    const search = await setup.get(`/dicomweb/rijnstad/studies?StudyInstanceUID=${deriveUid(SEED, 'study', 'stow')}`);
    assert.deepEqual(await search.json(), []);
  });

  test('replaces a duplicate', async () => {
    const store = setup.gateway.stores.get('own');
    const before = store?.instanceCount;
    const instance = await makeInstance('first');
    const response = await stow('/dicomweb/own/studies', buildMultipart([{ body: instance }], BOUNDARY));
    assert.equal(response.status, 200);
    assert.equal(store?.instanceCount, before);
  });

  test('reports non-DICOM part with 202', async () => {
    const instance = await makeInstance('second');
    const body = buildMultipart(
      [
        { contentType: 'application/dicom', body: instance },
        { contentType: 'application/dicom', body: new TextEncoder().encode('this is not a DICOM file') },
      ],
      BOUNDARY,
    );
    const response = await stow('/dicomweb/own/studies', body);
    assert.equal(response.status, 202);
    const result = (await response.json()) as DicomJsonDataset;
    assert.equal(sequence(result, '00081199').length, 1);
    const failed = sequence(result, '00081198');
    assert.equal(failed.length, 1);
    assert.equal(value(failed[0], '00081197'), 0xc000);
    assert.match(response.headers.get('warning') ?? '', /Part 2: The content is not a DICOM Part 10 file/);
  });

  test('reports a part with another media type', async () => {
    const instance = await makeInstance('third');
    const body = buildMultipart(
      [
        { contentType: 'application/dicom', body: instance },
        { contentType: 'application/pdf', body: new TextEncoder().encode('%PDF-1.4') },
      ],
      BOUNDARY,
    );
    const response = await stow('/dicomweb/own/studies', body);
    assert.equal(response.status, 202);
    const failed = sequence((await response.json()) as DicomJsonDataset, '00081198');
    assert.equal(failed.length, 1);
  });

  test('reports an instance without SOP Instance UID', async () => {
    const instance = await makeInstance('no-uid', { withoutSopInstanceUid: true });
    const response = await stow('/dicomweb/own/studies', buildMultipart([{ body: instance }], BOUNDARY));
    assert.equal(response.status, 409);
    const failed = sequence((await response.json()) as DicomJsonDataset, '00081198');
    assert.equal(value(failed[0], '00081197'), 0xa900);
    assert.equal(failed[0]['00081155'], undefined);
  });

  test('answers 409 when every part fails', async () => {
    const body = buildMultipart([{ body: new Uint8Array(300) }, { body: new TextEncoder().encode('{}') }], BOUNDARY);
    const response = await stow('/dicomweb/own/studies', body);
    assert.equal(response.status, 409);
    const result = (await response.json()) as DicomJsonDataset;
    assert.equal(sequence(result, '00081198').length, 2);
    assert.equal(result['00081199'], undefined);
  });

  test('stores into study path only', async () => {
    const studyUid = deriveUid(SEED, 'study', 'stow');
    const same = await makeInstance('in-study');
    const other = await makeInstance('other-study', { studyKey: 'elsewhere' });
    const response = await stow(`/dicomweb/own/studies/${studyUid}`, buildMultipart([{ body: same }, { body: other }], BOUNDARY));
    assert.equal(response.status, 202);
    const result = (await response.json()) as DicomJsonDataset;
    assert.equal(value(result, '00081190'), `${setup.gateway.url}/dicomweb/own/studies/${studyUid}`);
    const [failed] = sequence(result, '00081198');
    assert.equal(value(failed, '00081155'), deriveUid(SEED, 'instance', 'other-study'));
    assert.equal(value(failed, '00081197'), 0x0110);
  });

  test('accepts unquoted parameters', async () => {
    const instance = await makeInstance('unquoted');
    const response = await stow('/dicomweb/rijnstad/studies', buildMultipart([{ body: instance }], BOUNDARY), `Multipart/Related; Type=application/dicom; Boundary=${BOUNDARY}`);
    assert.equal(response.status, 200);
    const search = await setup.get(`/dicomweb/rijnstad/studies?StudyInstanceUID=${deriveUid(SEED, 'study', 'stow')}`);
    assert.equal((await readDatasets(search)).length, 1);
  });

  test('rejects other content types with 415', async () => {
    const response = await stow('/dicomweb/own/studies', new Uint8Array(10), 'application/dicom');
    assert.equal(response.status, 415);
    const json = await stow('/dicomweb/own/studies', new Uint8Array(10), `multipart/related; type="application/dicom+json"; boundary=${BOUNDARY}`);
    assert.equal(json.status, 415);
  });

  test('rejects a missing boundary', async () => {
    const response = await stow('/dicomweb/own/studies', new Uint8Array(10), 'multipart/related; type="application/dicom"');
    assert.equal(response.status, 400);
  });

  test('rejects a truncated body', async () => {
    const instance = await makeInstance('truncated');
    const body = buildMultipart([{ body: instance }], BOUNDARY);
    const response = await stow('/dicomweb/own/studies', body.subarray(0, body.length - 200));
    assert.equal(response.status, 400);
    assert.match(await response.text(), /without its closing boundary/);
  });

  test('rejects an empty multipart body', async () => {
    const response = await stow('/dicomweb/own/studies', new TextEncoder().encode(`--${BOUNDARY}--\r\n`));
    assert.equal(response.status, 400);
    assert.match(await response.text(), /no parts/);
  });

  test('needs a token', async () => {
    const instance = await makeInstance('unauthorized');
    const response = await setup.fetchPlain('/dicomweb/own/studies', {
      method: 'POST',
      body: buildMultipart([{ body: instance }], BOUNDARY),
      headers: { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${BOUNDARY}` },
    });
    assert.equal(response.status, 401);
    const files = await readdir(join(setup.gateway.storeDir, 'own'));
    assert.ok(!files.includes(`${deriveUid(SEED, 'instance', 'unauthorized')}.dcm`));
  });
});
