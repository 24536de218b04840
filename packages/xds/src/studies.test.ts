import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTerminology, type SourceInfo } from '@studyline/core';
import { readStoredQueryResponse, type DocumentEntry } from './ebrim.js';
import { SERVICE_TIME_UNKNOWN_WARNING, UNDATED_WARNING, classifyEventCodes, manifestsOf, studiesFromEntries, timestampFromDtm } from './studies.js';
import { adhocQueryResponse, XmlWriter, type FixtureEntry } from './test-support/fixtures.js';
import { parseXml } from './xml.js';

const SOURCE: SourceInfo = { id: 'rijnstad', label: 'Rijnstad Ziekenhuis', kind: 'external', community: 'urn:oid:1.3.6.1.4.1.21367.13.70.101' };

function entries(fixtures: readonly FixtureEntry[], pretty = false): DocumentEntry[] {
  const xml = adhocQueryResponse(new XmlWriter({ pretty }), { entries: fixtures }, true);
  return readStoredQueryResponse(parseXml(xml, 'fixture').documentElement, 'fixture').documents;
}

describe('timestampFromDtm', () => {
  it('reads DTM of every precision as UTC', () => {
    const cases: [string, string, string | undefined, string][] = [
      ['2004', '2004', undefined, 'year'],
      ['200412', '2004-12', undefined, 'month'],
      ['20041224', '2004-12-24', undefined, 'day'],
      ['2004122410', '2004-12-24', '10:00', 'hour'],
      ['200412241030', '2004-12-24', '10:30', 'minute'],
      ['20041224103015', '2004-12-24', '10:30:15', 'second'],
    ];
    for (const [value, date, time, precision] of cases) {
      const timestamp = timestampFromDtm(value);
      assert.equal(timestamp?.date, date, value);
      assert.equal(timestamp?.time, time, value);
      assert.equal(timestamp?.precision, precision, value);
      assert.equal(timestamp?.utcOffsetMinutes, 0, value);
    }
  });

  it('returns undefined for invalid values', () => {
    for (const value of ['', '2004-12-24', '20041332', '200412241', 'yesterday']) assert.equal(timestampFromDtm(value), undefined, value);
  });
});

describe('studiesFromEntries', () => {
  const base: FixtureEntry = {
    id: 'urn:uuid:00000000-0000-4000-8000-000000000601',
    uniqueId: '1.2.826.0.1.3680043.8.498.601.99',
    repositoryUniqueId: '1.3.6.1.4.1.21367.13.70.999',
    studyInstanceUid: '1.2.826.0.1.3680043.8.498.601',
  };

  it('places an empty serviceStartTime at creationTime and flags it', () => {
    const [study] = studiesFromEntries(entries([{ ...base, serviceStartTime: '', creationTime: '20041224' }]), SOURCE).studies;
    assert.equal(study.timestamp?.date, '2004-12-24');
    assert.equal(study.timestamp?.precision, 'day');
    assert.deepEqual(study.warnings, [SERVICE_TIME_UNKNOWN_WARNING]);
    assert.equal(manifestsOf(study.sources[0].native)[0].serviceTimeUnknown, true);
  });

  it('places a minute-precision serviceStartTime in UTC', () => {
    const [study] = studiesFromEntries(entries([{ ...base, serviceStartTime: '200412241030' }]), SOURCE).studies;
    assert.equal(study.timestamp?.date, '2004-12-24');
    assert.equal(study.timestamp?.time, '10:30');
    assert.equal(study.timestamp?.precision, 'minute');
    assert.equal(study.timestamp?.utcOffsetMinutes, 0);
    assert.equal(study.timestamp?.epochMs, Date.UTC(2004, 11, 24, 10, 30));
    assert.deepEqual(study.warnings, []);
    assert.equal(manifestsOf(study.sources[0].native)[0].serviceTimeUnknown, false);
  });

  it('leaves a study without any time undated', () => {
    const [study] = studiesFromEntries(entries([base]), SOURCE).studies;
    assert.equal(study.timestamp, undefined);
    assert.deepEqual(study.warnings, [UNDATED_WARNING]);
  });

  it('falls back to creationTime when serviceStartTime is unreadable', () => {
    const [study] = studiesFromEntries(entries([{ ...base, serviceStartTime: 'unknown', creationTime: '2004122410' }]), SOURCE).studies;
    assert.equal(study.timestamp?.time, '10:00');
    assert.equal(study.warnings.length, 2);
  });

  it('maps the manifest fields to the study', () => {
    const [study] = studiesFromEntries(
      entries(
        [
          {
            ...base,
            home: 'urn:oid:1.3.6.1.4.1.21367.13.70.101',
            serviceStartTime: '20210304093000',
            title: 'CT thorax',
            accession: 'RZ-2021-1',
            accessionAuthority: '1.2.826.0.1.3680043.8.498.2',
            institution: 'Rijnstad Ziekenhuis',
            patientId: 'SL-0001^^^&1.2.3.4&ISO',
            sourcePatientInfo: ['PID-5|Jansen^Anna', 'PID-7|19680412', 'PID-8|F'],
            eventCodes: [
              ['CT', 'DCM', 'Computed Tomography'],
              ['SR', '1.2.840.10008.2.16.4'],
              ['51185008', '2.16.840.1.113883.6.96', 'Thorax'],
              ['24627-2', '2.16.840.1.113883.6.1', 'CT chest'],
            ],
          },
        ],
        true,
      ),
      SOURCE,
    ).studies;
    assert.equal(study.studyInstanceUid, '1.2.826.0.1.3680043.8.498.601');
    assert.equal(study.description, 'CT thorax');
    assert.equal(study.accessionNumber, 'RZ-2021-1');
    assert.deepEqual(study.accessionIssuer, { universalId: '1.2.826.0.1.3680043.8.498.2', universalIdType: 'ISO' });
    assert.equal(study.institution, 'Rijnstad Ziekenhuis');
    assert.deepEqual(study.modalities, ['CT', 'SR']);
    assert.equal(study.modalitiesKnown, true);
    assert.deepEqual(study.anatomicRegions, [{ code: '51185008', scheme: '2.16.840.1.113883.6.96', meaning: 'Thorax' }]);
    assert.deepEqual(study.patient, { id: 'SL-0001', issuer: '1.2.3.4', name: { alphabetic: 'Jansen^Anna' }, birthDate: '1968-04-12', sex: 'F' });
    assert.equal(study.sources[0].source, SOURCE);
    assert.deepEqual(manifestsOf(study.sources[0].native), [
      {
        documentUniqueId: '1.2.826.0.1.3680043.8.498.601.99',
        entryUuid: base.id,
        serviceTimeUnknown: false,
        repositoryUniqueId: '1.3.6.1.4.1.21367.13.70.999',
        homeCommunityId: 'urn:oid:1.3.6.1.4.1.21367.13.70.101',
        title: 'CT thorax',
        mimeType: 'application/dicom',
      },
    ]);
  });

  it('merges two manifests of one study and keeps both', () => {
    const result = studiesFromEntries(
      entries([
        { ...base, creationTime: '20210305', eventCodes: [['CT', 'DCM']] },
        { ...base, id: 'urn:uuid:second', uniqueId: '1.2.826.0.1.3680043.8.498.601.100', serviceStartTime: '20210304', eventCodes: [['SR', 'DCM']] },
      ]),
      SOURCE,
    );
    assert.equal(result.studies.length, 1);
    const [study] = result.studies;
    assert.deepEqual(study.modalities, ['CT', 'SR']);
    assert.equal(study.timestamp?.date, '2021-03-04', 'the service time of the second manifest wins over the creation time of the first');
    assert.deepEqual(study.warnings, []);
    assert.equal(manifestsOf(study.sources[0].native).length, 2);
  });

  it('sets entries aside that lack a Study Instance UID, and skips others', () => {
    const result = studiesFromEntries(
      entries([
        { ...base, studyInstanceUid: undefined },
        { ...base, id: 'urn:uuid:deprecated', status: 'urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated' },
        { ...base, id: 'urn:uuid:pdf', mimeType: 'application/pdf' },
        { ...base, id: 'urn:uuid:no-unique-id', uniqueId: undefined },
        { ...base, id: 'urn:uuid:bad-uid', studyInstanceUid: 'not-a-uid' },
      ]),
      SOURCE,
    );
    assert.equal(result.studies.length, 0);
    assert.deepEqual(result.withoutStudyUid.map((entry) => entry.entryUuid), [base.id, 'urn:uuid:bad-uid']);
    assert.equal(result.skipped, 3);
  });
});

describe('classifyEventCodes', () => {
  it('uses the configured terminology for modality synonyms and region codes', () => {
    const terminology = createTerminology({ modalities: { MRT: 'MR' }, regionCodes: [{ scheme: 'RADLEX', code: 'RID1301', regions: 'chest' }] });
    const result = classifyEventCodes(
      [
        { code: 'MRT', scheme: 'DCM' },
        { code: 'RID1301', scheme: 'RADLEX' },
        { code: 'XYZ', scheme: 'DCM' },
      ],
      terminology,
    );
    assert.deepEqual(result.modalities, ['MRT']);
    assert.deepEqual(result.regions, [{ code: 'RID1301', scheme: 'RADLEX' }]);
  });
});
