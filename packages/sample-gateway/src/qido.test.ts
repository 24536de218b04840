import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DicomJsonDataset } from '@studyline/core';
import { deriveUid } from './uid.js';
import { readDatasets, startTestGateway, value, values, type TestGateway } from './test-support.js';

let setup: TestGateway;
const SEED = 'studyline-sample-history';
const PATIENT = 'PatientID=SL-0001';

before(async () => {
  setup = await startTestGateway();
});

after(() => setup.gateway.close());

async function studies(source: string, query: string): Promise<{ response: Response; results: DicomJsonDataset[] }> {
  const response = await setup.get(`/dicomweb/${source}/studies?${query}`);
  assert.equal(response.status, 200, await response.clone().text());
  return { response, results: await readDatasets(response) };
}

function studyUids(results: readonly DicomJsonDataset[]): string[] {
  return results.map((result) => value(result, '0020000D') as string);
}

describe('QIDO-RS study search', () => {
  test('returns the own history', async () => {
    const { response, results } = await studies('own', PATIENT);
    assert.equal(response.headers.get('content-type'), 'application/dicom+json');
    assert.equal(response.headers.get('warning'), null);
    assert.equal(results.length, 18);
  });

  test('returns standard attributes as JSON', async () => {
    const { results } = await studies('own', `${PATIENT}&AccessionNumber=SMC17-0032`);
    assert.equal(results.length, 1);
    const [study] = results;
    for (const tag of ['0020000D', '00080020', '00080030', '00080050', '00080061', '00080090', '00100010', '00100020', '00200010', '00201206', '00201208', '00081190']) {
      assert.ok(study[tag] !== undefined, `missing ${tag}`);
    }
    assert.deepEqual(study['00201206'], { vr: 'IS', Value: [2] });
    assert.deepEqual(study['00201208'], { vr: 'IS', Value: [5] });
    assert.deepEqual(study['00100010'], { vr: 'PN', Value: [{ Alphabetic: 'Jansen^Anna' }] });
    assert.deepEqual(values(study, '00080061'), ['CT', 'SR']);
    assert.equal(value(study, '00080030'), '093015.123456');
    assert.equal(study['00081030'], undefined, 'StudyDescription only on request');
  });

  test('points RetrieveURL at a retrievable study', async () => {
    const { results } = await studies('own', `${PATIENT}&limit=1`);
    const retrieveUrl = value(results[0], '00081190') as string;
    assert.ok(retrieveUrl.startsWith(`${setup.gateway.url}/dicomweb/own/studies/`), retrieveUrl);
    const response = await setup.get(new URL(retrieveUrl).pathname + '/metadata');
    assert.equal(response.status, 200);
  });

  test('sends the undated study with empty StudyDate', async () => {
    const { results } = await studies('own', PATIENT);
    const undated = results.filter((study) => value(study, '00080020') === undefined);
    assert.equal(undated.length, 1);
    assert.deepEqual(undated[0]['00080020'], { vr: 'DA' });
    assert.equal(results[results.length - 1], undated[0], 'undated studies come last');
  });

  test('matches PatientID exactly', async () => {
    assert.equal((await studies('own', 'PatientID=SL-000')).results.length, 0);
    assert.equal((await studies('own', 'PatientID=SL-*')).results.length, 0);
    assert.equal((await studies('own', 'PatientID=sl-0001')).results.length, 0);
  });

  test('matches IssuerOfPatientID when given', async () => {
    assert.equal((await studies('own', `${PATIENT}&IssuerOfPatientID=STUDYLINE-DEMO`)).results.length, 18);
    assert.equal((await studies('own', `${PATIENT}&IssuerOfPatientID=OTHER`)).results.length, 0);
  });

  test('matches a single StudyDate', async () => {
    const { results } = await studies('own', `${PATIENT}&StudyDate=20191011`);
    assert.equal(results.length, 1);
    assert.equal(value(results[0], '00080050'), 'SMC19-0733');
  });

  test('matches StudyDate ranges', async () => {
    const closed = await studies('own', `${PATIENT}&StudyDate=20150101-20161231`);
    assert.deepEqual(closed.results.map((study) => value(study, '00080020')), ['20160418', '20150930', '20150209']);
    const from = await studies('own', `${PATIENT}&StudyDate=20250101-`);
    assert.deepEqual(from.results.map((study) => value(study, '00080020')), ['20261027', '20250414']);
    const to = await studies('own', `${PATIENT}&StudyDate=-20131231`);
    assert.deepEqual(to.results.map((study) => value(study, '00080020')), ['20131105', '20130314']);
  });

  test('excludes undated study from dates', async () => {
    const { results } = await studies('own', `${PATIENT}&StudyDate=19000101-29991231`);
    assert.equal(results.length, 17);
  });

  test('matches ModalitiesInStudy lists', async () => {
    const single = await studies('own', `${PATIENT}&ModalitiesInStudy=MG`);
    assert.equal(single.results.length, 2);
    const comma = await studies('own', `${PATIENT}&ModalitiesInStudy=MG,US`);
    assert.equal(comma.results.length, 4);
    const repeated = await studies('own', `${PATIENT}&ModalitiesInStudy=MG&ModalitiesInStudy=US`);
    assert.deepEqual(studyUids(repeated.results), studyUids(comma.results));
    const byTag = await studies('own', `${PATIENT}&00080061=SR`);
    assert.ok(byTag.results.every((study) => values(study, '00080061').includes('SR')));
    assert.equal(byTag.results.length, 6);
  });

  test('matches StudyInstanceUID lists', async () => {
    const all = await studies('own', PATIENT);
    const uids = studyUids(all.results).slice(0, 3);
    const { results } = await studies('own', `StudyInstanceUID=${uids.join(',')}`);
    assert.deepEqual(studyUids(results).sort(), [...uids].sort());
    const repeated = await studies('own', `StudyInstanceUID=${uids[0]}&StudyInstanceUID=${uids[1]}`);
    assert.equal(repeated.results.length, 2);
  });

  test('matches SeriesInstanceUID at study level', async () => {
    const seriesUid = deriveUid(SEED, 'series', 'smc-2018-mr-brain', 1);
    const { results } = await studies('own', `SeriesInstanceUID=${seriesUid}`);
    assert.deepEqual(studyUids(results), [deriveUid(SEED, 'study', 'smc-2018-mr-brain')]);
  });

  test('answers an empty list when nothing matches', async () => {
    const response = await setup.get('/dicomweb/own/studies?PatientID=NOBODY');
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), []);
  });

  test('pages with limit and offset', async () => {
    const all = studyUids((await studies('own', PATIENT)).results);
    const paged: string[] = [];
    for (let offset = 0; offset < 30; offset += 5) {
      paged.push(...studyUids((await studies('own', `${PATIENT}&limit=5&offset=${offset}`)).results));
    }
    assert.deepEqual(paged, all);
    assert.equal((await studies('own', `${PATIENT}&offset=100`)).results.length, 0);
  });

  test('adds includefield attributes', async () => {
    const { results } = await studies('own', `${PATIENT}&includefield=StudyDescription,InstitutionName&includefield=00180015`);
    const thyroid = results.find((study) => value(study, '00080050') === 'SMC19-0733');
    assert.ok(thyroid);
    assert.equal(value(thyroid, '00081030'), 'Echo schildklier – controle');
    assert.equal(value(thyroid, '00080080'), 'Studyline Medisch Centrum');
    assert.deepEqual(values(thyroid, '00180015'), ['THYROID']);
  });

  test('adds all study attributes for includefield=all', async () => {
    const { results } = await studies('own', `${PATIENT}&AccessionNumber=SMC18-0290&includefield=all`);
    const [study] = results;
    assert.equal(value(study, '00081030'), 'MRI hersenen');
    assert.deepEqual(values(study, '00080062').sort(), ['1.2.840.10008.5.1.4.1.1.4', '1.2.840.10008.5.1.4.1.1.88.33']);
    const issuer = values(study, '00080051')[0] as DicomJsonDataset;
    assert.equal(value(issuer, '00400031'), 'SMC');
  });

  test('returns the shared study at both sources', async () => {
    const uid = deriveUid(SEED, 'study', 'smc-2022-mr-lwk');
    for (const source of ['own', 'rijnstad']) {
      const { results } = await studies(source, `StudyInstanceUID=${uid}&includefield=InstitutionName`);
      assert.equal(results.length, 1, source);
      assert.equal(value(results[0], '00080080'), 'Studyline Medisch Centrum');
    }
    assert.equal((await studies('noordzee', `StudyInstanceUID=${uid}`)).results.length, 0);
  });
});

describe('QIDO-RS truncated source', () => {
  test('sends at most maxResults with a Warning', async () => {
    const { response, results } = await studies('noordzee', PATIENT);
    assert.equal(results.length, 4);
    assert.equal(response.headers.get('warning'), `299 127.0.0.1:${setup.gateway.port} "Result limited to 4 of 9 matching studies"`);
    assert.deepEqual(results.map((study) => value(study, '00080020')), ['20260901', '20240319', '20211213', '20201207']);
  });

  test('does not reach further studies through offset', async () => {
    const { response, results } = await studies('noordzee', `${PATIENT}&offset=4&limit=4`);
    assert.deepEqual(results, []);
    assert.match(response.headers.get('warning') ?? '', /Result limited to 4 of 9 matching studies/);
  });

  test('pages within the cap', async () => {
    const { response, results } = await studies('noordzee', `${PATIENT}&offset=2&limit=10`);
    assert.equal(results.length, 2);
    assert.notEqual(response.headers.get('warning'), null);
  });

  test('sends no Warning when the matches fit', async () => {
    const { response, results } = await studies('noordzee', `${PATIENT}&StudyDate=20200101-`);
    assert.equal(results.length, 4);
    assert.equal(response.headers.get('warning'), null);
  });

  test('changes maxResults at run time', async () => {
    setup.gateway.setMaxResults('noordzee', 2);
    try {
      const { response, results } = await studies('noordzee', PATIENT);
      assert.equal(results.length, 2);
      assert.match(response.headers.get('warning') ?? '', /Result limited to 2 of 9/);
    } finally {
      setup.gateway.setMaxResults('noordzee', 4);
    }
  });
});

describe('QIDO-RS series and instance search', () => {
  const studyUid = deriveUid(SEED, 'study', 'smc-2018-mr-brain');

  test('lists the series of a study', async () => {
    const response = await setup.get(`/dicomweb/own/studies/${studyUid}/series`);
    const series = await readDatasets(response);
    assert.deepEqual(series.map((item) => value(item, '00200011')), [1, 2, 3, 4]);
    assert.deepEqual(series.map((item) => value(item, '00080060')), ['MR', 'MR', 'MR', 'SR']);
    assert.deepEqual(series.map((item) => value(item, '00201209')), [3, 3, 2, 1]);
    assert.equal(value(series[0], '0008103E'), 'T1 sagittaal');
  });

  test('filters series by Modality', async () => {
    const response = await setup.get(`/dicomweb/own/studies/${studyUid}/series?Modality=SR`);
    const series = await readDatasets(response);
    assert.equal(series.length, 1);
    assert.equal(value(series[0], '0020000E'), deriveUid(SEED, 'series', 'smc-2018-mr-brain', 3));
  });

  test('filters series by SeriesInstanceUID', async () => {
    const seriesUid = deriveUid(SEED, 'series', 'smc-2018-mr-brain', 1);
    const series = await readDatasets(await setup.get(`/dicomweb/own/studies/${studyUid}/series?SeriesInstanceUID=${seriesUid}`));
    assert.equal(series.length, 1);
  });

  test('lists the instances of a series', async () => {
    const seriesUid = deriveUid(SEED, 'series', 'smc-2018-mr-brain', 0);
    const instances = await readDatasets(await setup.get(`/dicomweb/own/studies/${studyUid}/series/${seriesUid}/instances`));
    assert.deepEqual(instances.map((item) => value(item, '00200013')), [1, 2, 3]);
    assert.equal(value(instances[0], '00080016'), '1.2.840.10008.5.1.4.1.1.4');
    assert.equal(value(instances[0], '00280010'), 64);
  });

  test('lists the instances of a study', async () => {
    const instances = await readDatasets(await setup.get(`/dicomweb/own/studies/${studyUid}/instances?limit=4&offset=2`));
    assert.equal(instances.length, 4);
    assert.ok(instances.every((item) => value(item, '0020000E') !== undefined));
  });

  test('returns every instance attribute for includefield=all', async () => {
    const seriesUid = deriveUid(SEED, 'series', 'smc-2018-mr-brain', 0);
    const [instance] = await readDatasets(await setup.get(`/dicomweb/own/studies/${studyUid}/series/${seriesUid}/instances?includefield=all&limit=1`));
    assert.equal(value(instance, '00281050'), 600, 'WindowCenter as a JSON number');
    assert.equal(instance['7FE00010'], undefined);
  });

  test('returns empty list for unknown study', async () => {
    const response = await setup.get(`/dicomweb/own/studies/${deriveUid(SEED, 'nothing')}/series`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), []);
  });
});

describe('QIDO-RS bad input', () => {
  const cases: [string, string, RegExp][] = [
    ['limit not a number', 'limit=abc', /limit parameter/],
    ['limit zero', 'limit=0', /limit parameter/],
    ['negative offset', 'offset=-1', /offset parameter/],
    ['limit twice', 'limit=1&limit=2', /more than once/],
    ['unknown parameter', 'Nonsense=1', /Unknown query parameter "Nonsense"/],
    ['invalid date', 'StudyDate=2019-10-11', /not a DICOM date/],
    ['invalid date range', 'StudyDate=2019-', /not a DICOM date/],
    ['unknown includefield', 'includefield=NotAKeyword', /includefield value "NotAKeyword"/],
    ['sequence matching', '00080051.00400031=SMC', /inside sequences/],
    ['binary attribute', 'PixelData=1', /cannot match/],
    ['fuzzymatching value', 'fuzzymatching=maybe', /fuzzymatching/],
  ];
  for (const [name, query, message] of cases) {
    test(`rejects ${name}`, async () => {
      const response = await setup.get(`/dicomweb/own/studies?${query}`);
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.match(await response.text(), message);
    });
  }

  test('rejects an invalid UID in the path', async () => {
    const response = await setup.get('/dicomweb/own/studies/not-a-uid/series');
    assert.equal(response.status, 400);
    assert.match(await response.text(), /not a valid DICOM UID/);
  });

  test('rejects XML results', async () => {
    const response = await setup.get('/dicomweb/own/studies', { headers: { Accept: 'application/dicom+xml' } });
    assert.equal(response.status, 406);
  });

  test('rejects an unknown source', async () => {
    const response = await setup.get('/dicomweb/elsewhere/studies');
    assert.equal(response.status, 404);
  });

  test('rejects other methods', async () => {
    const response = await setup.get(`/dicomweb/own/studies/${deriveUid(SEED, 'study', 'smc-2018-mr-brain')}/series`, { method: 'DELETE' });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET');
  });
});
