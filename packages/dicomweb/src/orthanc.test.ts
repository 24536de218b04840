// The DICOMweb adapter against a real Orthanc 1.10 with its DICOMweb plugin, started on 127.0.0.1
// with its own temporary storage. Fails with the install command when Orthanc is missing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DicomInstance, SourceInfo } from '@studyline/core';
import { DicomWebAdapter } from './dicomweb-adapter.js';
import { makeSampleStudy, newUid, readSample, rewriteDicom, type GeneratedStudy } from './test-support/dicom-files.js';
import { startOrthanc, type OrthancServer } from './test-support/orthanc.js';

const archive: SourceInfo = { id: 'archive', label: 'Test archive', kind: 'internal' };
const PATIENT = 'STUDYLINE-INTEROP-1';

async function collect(stream: AsyncIterable<DicomInstance>): Promise<DicomInstance[]> {
  const instances: DicomInstance[] = [];
  for await (const instance of stream) instances.push(instance);
  return instances;
}

function locator(study: GeneratedStudy) {
  return { studyInstanceUid: study.studyInstanceUid, sources: [{ source: archive }] };
}

describe('DicomWebAdapter against Orthanc', () => {
  let orthanc: OrthancServer;
  let adapter: DicomWebAdapter;
  const requests: string[] = [];
  let main: GeneratedStudy;
  const others: GeneratedStudy[] = [];

  before(async () => {
    orthanc = await startOrthanc({ name: 'interop' });
    adapter = new DicomWebAdapter({
      baseUrl: orthanc.dicomWebUrl,
      source: archive,
      fetch: (input, init) => {
        requests.push(String(input));
        return fetch(input, init);
      },
    });
    main = makeSampleStudy(
      [['mrExplicit', 'mrRle', 'mrJpegLs', 'mrJpeg2000Lossless'], ['rgbJpegBaseline', 'rgbRleTwoFrames'], ['nmJpegExtended', 'nmJpeg2000'], ['ctExplicit']],
      PATIENT,
      { studyDescription: 'Interop main study', institutionName: 'Rijnstad Ziekenhuis' },
    );
    for (const instance of main.instances) await orthanc.upload(instance.data);
    for (let index = 0; index < 4; index++) {
      const other = makeSampleStudy([['mrExplicit']], PATIENT, { studyDescription: `Interop other study ${index + 1}` });
      others.push(other);
      await orthanc.upload(other.instances[0].data);
    }
  });
  after(async () => {
    await orthanc?.stop();
  });

  it('finds studies with the include fields', async () => {
    const result = await adapter.searchStudies({ patient: { id: PATIENT } });
    assert.deepEqual(result.sources[0].status, { state: 'complete' });
    assert.equal(result.studies.length, 5);
    const study = result.studies.find((candidate) => candidate.studyInstanceUid === main.studyInstanceUid);
    assert.equal(study?.description, 'Interop main study');
    // InstitutionName is not in Orthanc's default study attributes: it comes only through includefield.
    assert.equal(study?.institution, 'Rijnstad Ziekenhuis');
    assert.equal(study?.numberOfInstances, 9);
    assert.equal(study?.numberOfSeries, 4);
    assert.deepEqual([...(study?.modalities ?? [])].sort(), ['CT', 'MR', 'NM', 'OT']);
    assert.equal(orthanc.logTail(200).includes('Unknown DICOM tag'), false, 'Orthanc read every includefield');
  });

  it('pages a study search with limit and offset', async () => {
    requests.length = 0;
    const result = await adapter.searchStudies({ patient: { id: PATIENT }, pageSize: 2 });
    assert.equal(result.studies.length, 5);
    assert.equal(new Set(result.studies.map((study) => study.studyInstanceUid)).size, 5);
    const pages = requests
      .filter((url) => new URL(url).pathname.endsWith('/studies'))
      .map((url) => `${new URL(url).searchParams.get('limit')}@${new URL(url).searchParams.get('offset')}`);
    assert.deepEqual(pages, ['2@0', '2@2', '2@4']);
    assert.deepEqual(result.sources[0].status, { state: 'complete' });
  });

  it('stops at maxResults and says so', async () => {
    const result = await adapter.searchStudies({ patient: { id: PATIENT }, pageSize: 2, maxResults: 3 });
    assert.equal(result.studies.length, 3);
    const status = result.sources[0].status;
    assert.equal(status.state, 'incomplete');
    assert.ok(status.state === 'incomplete');
    assert.equal(status.reason, 'limit-reached');
  });

  it('finds nothing for an unknown patient', async () => {
    const result = await adapter.searchStudies({ patient: { id: 'NO-SUCH-PATIENT' } });
    assert.deepEqual(result.studies, []);
    assert.deepEqual(result.sources[0].status, { state: 'complete' });
  });

  it('lists series in series number order', async () => {
    const series = await adapter.listSeries(locator(main));
    assert.deepEqual(
      series.map((entry) => entry.seriesNumber),
      [1, 2, 3, 4],
    );
    assert.deepEqual(
      series.map((entry) => entry.numberOfInstances),
      [4, 2, 2, 1],
    );
    assert.equal(series[0].modality, 'MR');
    assert.equal(series[0].seriesInstanceUid, main.instances[0].seriesInstanceUid);
  });

  it('lists the instances of a study and of a series', async () => {
    const all = await adapter.listInstances(locator(main));
    assert.deepEqual(
      all.map((instance) => instance.sopInstanceUid).sort(),
      main.instances.map((instance) => instance.sopInstanceUid).sort(),
    );
    for (const instance of all) {
      const expected = main.instances.find((candidate) => candidate.sopInstanceUid === instance.sopInstanceUid);
      assert.equal(instance.seriesInstanceUid, expected?.seriesInstanceUid);
    }
    const twoFrames = all.find((instance) => instance.sopInstanceUid === main.instances[5].sopInstanceUid);
    assert.equal(twoFrames?.numberOfFrames, 2);

    const secondSeries = main.instances[4].seriesInstanceUid;
    const some = await adapter.listInstances(locator(main), { seriesInstanceUid: secondSeries });
    assert.equal(some.length, 2);
    assert.ok(some.every((instance) => instance.seriesInstanceUid === secondSeries));
  });

  it('lists no instances for an unknown study', async () => {
    assert.deepEqual(await adapter.listInstances({ studyInstanceUid: newUid(), sources: [] }), []);
  });

  it('estimates the size from metadata', async () => {
    const estimate = await adapter.estimateStudySize(locator(others[0]));
    assert.equal(estimate.instances, 1);
    assert.equal(estimate.instancesWithoutImageSize, 0);
    // An uncompressed file: the estimate is within a quarter of the real size.
    const actual = others[0].instances[0].data.length;
    assert.ok(Math.abs(estimate.bytes - actual) < actual / 4, `estimate ${estimate.bytes} for ${actual} bytes`);

    const compressed = await adapter.estimateStudySize(locator(main));
    assert.equal(compressed.instances, 9);
    const total = main.instances.reduce((sum, instance) => sum + instance.data.length, 0);
    assert.ok(compressed.bytes > total, 'compressed images make the real size smaller than the estimate');
  });

  // Orthanc renders with DCMTK, which decodes JPEG, JPEG-LS and RLE but not JPEG 2000 (that needs the GDCM plugin).
  it('fetches rendered images of a series and an instance', async () => {
    // The RGB series: Orthanc renders a series by one of its instances, which in the MR series may be the JPEG 2000 one.
    const series = await adapter.fetchRenderedImage({ study: locator(main), seriesInstanceUid: main.instances[4].seriesInstanceUid });
    assert.match(series.type, /^image\//);
    assert.ok(series.size > 100);
    const jpeg = main.instances[4];
    const instance = await adapter.fetchRenderedImage({
      study: locator(main),
      seriesInstanceUid: jpeg.seriesInstanceUid,
      sopInstanceUid: jpeg.sopInstanceUid,
      viewport: { width: 64, height: 64 },
      mediaType: 'image/png',
    });
    assert.match(instance.type, /^image\//);
    const head = new Uint8Array(await instance.slice(0, 4).arrayBuffer());
    const isPng = head[0] === 0x89 && head[1] === 0x50;
    const isJpeg = head[0] === 0xff && head[1] === 0xd8;
    assert.ok(isPng || isJpeg, 'the body is a PNG or JPEG image');
  });

  it('retrieves a study byte-identical to the loaded files', async () => {
    const stream = adapter.retrieveStudy(locator(main));
    const instances = await collect(stream);
    assert.equal(instances.length, 9);
    for (const expected of main.instances) {
      const instance = instances.find((candidate) => candidate.sopInstanceUid === expected.sopInstanceUid);
      assert.ok(instance !== undefined, `instance ${expected.sample} arrived`);
      assert.equal(instance.transferSyntaxUid, expected.transferSyntaxUid, `${expected.sample} keeps its transfer syntax`);
      assert.ok(Buffer.from(instance.data).equals(Buffer.from(expected.data)), `${expected.sample} is byte-identical`);
    }
    const result = await stream.result;
    assert.equal(result.complete, true);
    assert.equal(result.instances, 9);
  });

  it('retrieves one series and chosen instances', async () => {
    const seriesUid = main.instances[6].seriesInstanceUid;
    const series = await collect(adapter.retrieveStudy(locator(main), { seriesInstanceUid: seriesUid }));
    assert.equal(series.length, 2);

    const chosen = [main.instances[1], main.instances[7]];
    const stream = adapter.retrieveStudy(locator(main), { instances: chosen });
    const instances = await collect(stream);
    assert.deepEqual(
      instances.map((instance) => instance.sopInstanceUid),
      chosen.map((instance) => instance.sopInstanceUid),
    );
    assert.equal((await stream.result).complete, true);
  });

  it('skips an unknown instance among chosen ones', async () => {
    const unknown = { seriesInstanceUid: main.instances[1].seriesInstanceUid, sopInstanceUid: newUid() };
    const chosen = [main.instances[1], unknown, main.instances[7]];
    const stream = adapter.retrieveStudy(locator(main), { instances: chosen });
    const instances = await collect(stream);
    assert.deepEqual(
      instances.map((instance) => instance.sopInstanceUid),
      [main.instances[1].sopInstanceUid, main.instances[7].sopInstanceUid],
    );
    const result = await stream.result;
    assert.equal(result.complete, false);
    assert.equal(result.instances, 2);
    assert.match(result.reason ?? '', /HTTP 404/);
  });

  it('reports a retrieve of an unknown study as an HTTP error', async () => {
    const stream = adapter.retrieveStudy({ studyInstanceUid: newUid(), sources: [] });
    await assert.rejects(collect(stream), { name: 'StudylineError', code: 'http', status: 404 });
    const result = await stream.result;
    assert.equal(result.complete, false);
  });

  it('stores with STOW-RS and retrieves the same bytes', async () => {
    const study = makeSampleStudy([['ctExplicit', 'mrJpegLs', 'rgbRleTwoFrames']], 'STUDYLINE-STOW-1');
    const result = await adapter.storeInstances(
      study.instances.map((instance) => ({ data: instance.data, mediaType: 'application/dicom' })),
      { batchSize: 2 },
    );
    assert.deepEqual(
      result.stored.map((stored) => stored.sopInstanceUid).sort(),
      study.instances.map((instance) => instance.sopInstanceUid).sort(),
    );
    assert.deepEqual(result.failed, []);
    assert.equal(result.storedCountUnknown, false);
    assert.ok(result.stored.every((stored) => stored.retrieveUrl?.startsWith(orthanc.dicomWebUrl)));

    const back = await collect(adapter.retrieveStudy(locator(study)));
    for (const instance of study.instances) {
      const copy = back.find((candidate) => candidate.sopInstanceUid === instance.sopInstanceUid);
      assert.ok(copy !== undefined, `${instance.sample} came back`);
      assert.ok(Buffer.from(copy.data).equals(Buffer.from(instance.data)), `${instance.sample} is byte-identical`);
    }
    assert.equal(orthanc.logTail(200).includes('Unsupported return MIME type'), false, 'Orthanc accepted the Accept header');
  });

  it('reports an instance Orthanc rejects, per instance', async () => {
    // Orthanc rejects a file without SeriesInstanceUID, and returns HTTP 400 with the other instance stored.
    const good = rewriteDicom(readSample('mrExplicit'), { sopInstanceUid: newUid(), studyInstanceUid: newUid(), seriesInstanceUid: newUid() });
    const badUid = newUid();
    const bad = rewriteDicom(readSample('ctExplicit'), { sopInstanceUid: badUid, studyInstanceUid: newUid(), removeSeriesInstanceUid: true });
    const result = await adapter.storeInstances([
      { data: good, mediaType: 'application/dicom' },
      { data: bad, mediaType: 'application/dicom' },
    ]);
    assert.equal(result.stored.length, 1);
    assert.equal(result.failed.length, 1);
    assert.equal(result.failed[0].sopInstanceUid, badUid);
    assert.equal(result.failed[0].failureReason, 0xc000);
    assert.match(result.failed[0].message, /cannot understand \(0xC000\)/);
  });

  it('reports a part Orthanc cannot parse', async () => {
    const good = rewriteDicom(readSample('mrExplicit'), { sopInstanceUid: newUid(), studyInstanceUid: newUid(), seriesInstanceUid: newUid() });
    const brokenUid = newUid();
    // A valid file meta group followed by a data set cut off in the middle of an element.
    const broken = rewriteDicom(readSample('ctExplicit'), { sopInstanceUid: brokenUid }).slice(0, 400);
    const result = await adapter.storeInstances([
      { data: good, mediaType: 'application/dicom' },
      { data: broken, mediaType: 'application/dicom', sopInstanceUid: brokenUid },
    ]);
    assert.equal(result.stored.length, 1, 'the good instance counts as stored despite the HTTP 400');
    assert.equal(result.failed.length, 1);
    assert.equal(result.failed[0].sopInstanceUid, brokenUid);
    assert.match(result.failed[0].message, /HTTP 400/);
  });
});
