// Interoperability cases: real response shapes that broke DICOMweb clients, each with the result a good client gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DicomJsonDataset } from './dicom-json.js';
import { readNumber, readNumbers, readPersonName, readString, readStrings } from './dicom-json.js';
import type { SourceInfo, Study } from './model.js';
import { formatPersonName } from './person-name.js';
import { seriesFromDicomJson, studyFromDicomJson } from './study-from-dicom-json.js';

const source: SourceInfo = { id: 'own', label: 'Own hospital', kind: 'internal' };

function studies(json: string): Study[] {
  const datasets = JSON.parse(json) as DicomJsonDataset[];
  return datasets.map((dataset) => {
    const study = studyFromDicomJson(dataset, source);
    assert.ok(study, 'every dataset with a Study Instance UID gives a study');
    return study;
  });
}

describe('modalities without Value, joined, or with placeholders', () => {
  const result = studies(`[
    {"0020000D":{"vr":"UI","Value":["1.2.826.0.1.3680043.8.498.101"]},
     "00080060":{"vr":"CS"},
     "00080061":{"vr":"CS","Value":["ES"]}},
    {"0020000D":{"vr":"UI","Value":["1.2.826.0.1.3680043.8.498.102"]},
     "00080061":{"vr":"CS"}},
    {"0020000D":{"vr":"UI","Value":["1.2.826.0.1.3680043.8.498.103"]},
     "00080061":{"vr":"CS","Value":["CT\\\\SR"]}},
    {"0020000D":{"vr":"UI","Value":["1.2.826.0.1.3680043.8.498.104"]},
     "00080061":{"vr":"CS","Value":["MR","*"]}}
  ]`);

  it('reads ModalitiesInStudy when Modality is empty', () => {
    assert.deepEqual(result[0].modalities, ['ES']);
    assert.equal(result[0].modalitiesKnown, true);
  });

  it('marks absent modalities as unknown', () => {
    assert.deepEqual(result[1].modalities, []);
    assert.equal(result[1].modalitiesKnown, false);
  });

  it('splits a backslash-joined value', () => {
    assert.deepEqual(result[2].modalities, ['CT', 'SR']);
  });

  it('drops the * placeholder', () => {
    assert.deepEqual(result[3].modalities, ['MR']);
  });

  it('applies the same rules to any string attribute', () => {
    const dataset: DicomJsonDataset = {
      '00081030': { vr: 'LO', Value: ['Head\\Neck', null, '', '  '] },
      '00180015': { vr: 'CS', Value: '*' },
      '00080080': { vr: 'LO', Value: 'Rijnstad' },
    };
    assert.deepEqual(readStrings(dataset, '00081030'), ['Head', 'Neck']);
    assert.equal(readString(dataset, '00180015'), undefined);
    assert.equal(readString(dataset, '00080080'), 'Rijnstad');
  });

  it('accepts lower-case tag keys', () => {
    const study = studyFromDicomJson(
      { '0020000d': { vr: 'UI', Value: ['1.2.3'] }, '00080061': { vr: 'CS', Value: ['ct'] } },
      source,
    );
    assert.equal(study?.studyInstanceUid, '1.2.3');
    assert.deepEqual(study?.modalities, ['CT']);
  });

  it('reads a study-level report from SR or a structured-report SOP class', () => {
    assert.deepEqual(result[2].reports, [{ kind: 'dicom-sr' }]);
    const fromClass = studyFromDicomJson(
      {
        '0020000D': { vr: 'UI', Value: ['1.2.4'] },
        '00080062': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.88.33', '1.2.840.10008.5.1.4.1.1.104.1'] },
      },
      source,
    );
    assert.deepEqual(fromClass?.reports.map((report) => report.kind), ['dicom-sr', 'document']);
  });
});

describe('person names in non-standard shapes', () => {
  const datasets = JSON.parse(`[{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]}},
   {"00100010":{"vr":"PN","Value":["Doe^Jane"]}},
   {"00100010":{"vr":"PN","Value":[{"Alphabetic":["Doe^Jane"]}]}},
   {"00100010":{"vr":"PN","Value":[{}]}},
   {"00100010":{"vr":"PN"}}]`) as DicomJsonDataset[];

  for (const [index, expected] of ['Doe, Jane', 'Doe, Jane', 'Doe, Jane', '', ''].entries()) {
    it(`formats item ${index + 1} as "${expected}"`, () => {
      assert.equal(formatPersonName(readPersonName(datasets[index], '00100010')), expected);
    });
  }

  it('reads the same shapes in any PN attribute', () => {
    const study = studyFromDicomJson(
      {
        '0020000D': { vr: 'UI', Value: ['1.2.5'] },
        '00080090': { vr: 'PN', Value: ['Bakker^Piet^^Dr.'] },
        '00081050': { vr: 'PN', Value: [{ Alphabetic: ['de Vries^Els'] }, {}] },
        '00100010': { vr: 'PN', Value: [{}] },
      },
      source,
    );
    assert.equal(formatPersonName(study?.referringPhysician), 'Bakker, Dr. Piet');
    assert.deepEqual(study?.performingPhysicians.map(formatPersonName), ['de Vries, Els']);
    assert.equal(study?.patient?.name, undefined);
  });

  it('keeps ideographic and phonetic groups of a bare string', () => {
    const name = readPersonName({ '00100010': { vr: 'PN', Value: ['Yamada^Tarou=山田^太郎=やまだ^たろう'] } }, '00100010');
    assert.deepEqual(name, { alphabetic: 'Yamada^Tarou', ideographic: '山田^太郎', phonetic: 'やまだ^たろう' });
  });
});

describe('StudyTime with six-digit fractions or without seconds', () => {
  const lines = [
    '{"0020000D":{"vr":"UI","Value":["1.1"]},"00080020":{"vr":"DA","Value":["20210304"]},"00080030":{"vr":"TM","Value":["090323.000000"]}}',
    '{"0020000D":{"vr":"UI","Value":["1.2"]},"00080020":{"vr":"DA","Value":["20210304"]},"00080030":{"vr":"TM","Value":["090323.1"]}}',
    '{"0020000D":{"vr":"UI","Value":["1.3"]},"00080020":{"vr":"DA","Value":["20210304"]},"00080030":{"vr":"TM","Value":["0903"]}}',
    '{"0020000D":{"vr":"UI","Value":["1.4"]},"00080020":{"vr":"DA","Value":["20210304"]},"00080030":{"vr":"TM","Value":["09"]}}',
    '{"0020000D":{"vr":"UI","Value":["1.5"]},"00080020":{"vr":"DA","Value":["20210304"]},"00080030":{"vr":"TM"}}',
  ];
  const result = studies(`[${lines.join(',')}]`);
  const expected = [
    { time: '09:03:23.000000', precision: 'fraction' },
    { time: '09:03:23.1', precision: 'fraction' },
    { time: '09:03', precision: 'minute' },
    { time: '09:00', precision: 'hour' },
    { time: undefined, precision: 'day' },
  ];

  for (const [index, study] of result.entries()) {
    it(`places item ${index + 1} on 2021-03-04 at ${expected[index].time ?? 'no time'}`, () => {
      assert.equal(study.timestamp?.date, '2021-03-04');
      assert.equal(study.timestamp?.time, expected[index].time);
      assert.equal(study.timestamp?.precision, expected[index].precision);
    });
  }

  it('sorts within the day by the precision present', () => {
    const keys = result.map((study) => study.timestamp?.epochMs ?? Number.NaN);
    assert.equal(keys[0], Date.UTC(2021, 2, 4, 9, 3, 23));
    assert.equal(keys[1], Date.UTC(2021, 2, 4, 9, 3, 23, 100));
    assert.equal(keys[2], Date.UTC(2021, 2, 4, 9, 3));
    assert.equal(keys[3], Date.UTC(2021, 2, 4, 9));
    assert.equal(keys[4], Date.UTC(2021, 2, 4));
    assert.ok(keys.every((key) => Number.isFinite(key)));
  });
});

describe('StudyDate missing or empty', () => {
  const result = studies(`[{"0020000D":{"vr":"UI","Value":["1.2.826.0.1.3680043.8.498.201"]},"00080061":{"vr":"CS","Value":["CR"]}},
   {"0020000D":{"vr":"UI","Value":["1.2.826.0.1.3680043.8.498.202"]},"00080020":{"vr":"DA"},"00080061":{"vr":"CS","Value":["CT"]}},
   {"0020000D":{"vr":"UI","Value":["1.2.826.0.1.3680043.8.498.203"]},"00080020":{"vr":"DA","Value":["20210304"]},"00080061":{"vr":"CS","Value":["CT","SR"]}}]`);

  it('dates the study that has a StudyDate', () => {
    assert.equal(result[2].timestamp?.date, '2021-03-04');
    assert.deepEqual(result[2].modalities, ['CT', 'SR']);
  });

  it('leaves studies without StudyDate undated, never today', () => {
    assert.equal(result[0].timestamp, undefined);
    assert.equal(result[1].timestamp, undefined);
  });

  it('leaves an invalid StudyDate undated with a warning', () => {
    const study = studyFromDicomJson({ '0020000D': { vr: 'UI', Value: ['1.9'] }, '00080020': { vr: 'DA', Value: ['20211345'] } }, source);
    assert.equal(study?.timestamp, undefined);
    assert.equal(study?.warnings.length, 1);
    assert.doesNotMatch(study?.warnings[0] ?? '', /20211345/);
  });
});

describe('IS and DS values as strings or in exponent form', () => {
  const dataset = JSON.parse(`{"00201206":{"vr":"IS","Value":["3"]},
   "00201208":{"vr":"IS","Value":["311"]},
   "00200011":{"vr":"IS","Value":[4]},
   "00180050":{"vr":"DS","Value":["5.e-002"]},
   "00281050":{"vr":"DS","Value":["1e-3"," 40 "]},
   "00281051":{"vr":"DS","Value":["abc"]},
   "0020000D":{"vr":"UI","Value":["1.2.7"]},
   "0020000E":{"vr":"UI","Value":["1.2.7.1"]}}`) as DicomJsonDataset;

  it('reads series and instance counts as numbers', () => {
    const study = studyFromDicomJson(dataset, source);
    assert.equal(study?.numberOfSeries, 3);
    assert.equal(study?.numberOfInstances, 311);
  });

  it('reads SeriesNumber sent as a JSON number', () => {
    assert.equal(seriesFromDicomJson(dataset, '1.2.7', 'own')?.seriesNumber, 4);
  });

  it('reads DS in exponent form and with spaces', () => {
    assert.equal(readNumber(dataset, '00180050'), 0.05);
    assert.deepEqual(readNumbers(dataset, '00281050'), [0.001, 40]);
  });

  it('turns an invalid DS into null with one warning, without the value', () => {
    const warnings: string[] = [];
    assert.deepEqual(readNumbers(dataset, '00281051', (message) => warnings.push(message)), [null]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /\(0028,1051\)/);
    assert.doesNotMatch(warnings[0], /abc/);
  });

  it('applies the same rules to every number VR', () => {
    const numbers: DicomJsonDataset = {
      '00280010': { vr: 'US', Value: ['512'] },
      '00280008': { vr: 'IS', Value: ['2\\3'] },
      '00181050': { vr: 'FD', Value: ['NaN'] },
    };
    assert.equal(readNumber(numbers, '00280010'), 512);
    assert.deepEqual(readNumbers(numbers, '00280008'), [2, 3]);
    assert.deepEqual(readNumbers(numbers, '00181050'), [null]);
  });

  it('keeps a study readable when a count is invalid', () => {
    const study = studyFromDicomJson(
      { '0020000D': { vr: 'UI', Value: ['1.2.8'] }, '00201208': { vr: 'IS', Value: ['many'] }, '00080061': { vr: 'CS', Value: ['CT'] } },
      source,
    );
    assert.equal(study?.numberOfInstances, undefined);
    assert.deepEqual(study?.modalities, ['CT']);
    assert.equal(study?.warnings.length, 1);
  });
});

describe('study mapping', () => {
  it('normalises urn:oid: prefixes in UIDs', () => {
    const study = studyFromDicomJson({ '0020000D': { vr: 'UI', Value: ['urn:oid:1.2.840.1'] } }, source);
    assert.equal(study?.studyInstanceUid, '1.2.840.1');
  });

  it('returns undefined without a Study Instance UID', () => {
    assert.equal(studyFromDicomJson({ '00080061': { vr: 'CS', Value: ['CT'] } }, source), undefined);
  });

  it('reads every attribute the timeline shows', () => {
    const study = studyFromDicomJson(
      {
        '0020000D': { vr: 'UI', Value: ['1.2.9'] },
        '00080020': { vr: 'DA', Value: ['20200131'] },
        '00080030': { vr: 'TM', Value: ['2359'] },
        '00080201': { vr: 'SH', Value: ['+0100'] },
        '00081030': { vr: 'LO', Value: ['CT Abdomen'] },
        '00080050': { vr: 'SH', Value: ['ACC-1'] },
        '00080051': { vr: 'SQ', Value: [{ '00400031': { vr: 'UT', Value: ['RIJNSTAD'] }, '00400032': { vr: 'UT', Value: ['1.2.3.4'] }, '00400033': { vr: 'CS', Value: ['ISO'] } }] },
        '00080061': { vr: 'CS', Value: ['CT'] },
        '00180015': { vr: 'CS', Value: ['abdomen'] },
        '00080080': { vr: 'LO', Value: ['Rijnstad Ziekenhuis'] },
        '00081190': { vr: 'UR', Value: ['https://pacs.example.org/dicom-web/studies/1.2.9'] },
        '00080056': { vr: 'CS', Value: ['ONLINE'] },
        '00100020': { vr: 'LO', Value: ['P1'] },
        '00100021': { vr: 'LO', Value: ['HOSP'] },
      },
      source,
    );
    assert.equal(study?.timestamp?.date, '2020-01-31');
    assert.equal(study?.timestamp?.time, '23:59');
    assert.equal(study?.timestamp?.utcOffsetMinutes, 60);
    assert.equal(study?.description, 'CT Abdomen');
    assert.equal(study?.accessionNumber, 'ACC-1');
    assert.deepEqual(study?.accessionIssuer, { localId: 'RIJNSTAD', universalId: '1.2.3.4', universalIdType: 'ISO' });
    assert.deepEqual(study?.bodyParts, ['ABDOMEN']);
    assert.equal(study?.institution, 'Rijnstad Ziekenhuis');
    assert.equal(study?.sources[0].retrieveUrl, 'https://pacs.example.org/dicom-web/studies/1.2.9');
    assert.equal(study?.sources[0].availability, 'ONLINE');
    assert.deepEqual(study?.patient, { id: 'P1', issuer: 'HOSP' });
  });
});
