import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeStudies } from './merge.js';
import type { SourceInfo, Study } from './model.js';

const own: SourceInfo = { id: 'own', label: 'Own hospital', kind: 'internal' };
const rijnstad: SourceInfo = { id: 'rijnstad', label: 'Rijnstad', kind: 'external' };

function study(uid: string, source: SourceInfo, extra: Partial<Study> = {}): Study {
  return {
    studyInstanceUid: uid,
    modalities: [],
    modalitiesKnown: false,
    bodyParts: [],
    anatomicRegions: [],
    performingPhysicians: [],
    sources: [{ source }],
    reports: [],
    warnings: [],
    ...extra,
  };
}

describe('mergeStudies', () => {
  it('joins one UID from two sources into one study listing both', () => {
    const merged = mergeStudies([
      [study('urn:oid:1.2.3', rijnstad, { description: 'External description', modalities: ['CT'], modalitiesKnown: true })],
      [study('1.2.3', own, { modalities: ['SR'], modalitiesKnown: true, institution: 'Own' })],
    ]);
    assert.equal(merged.length, 1);
    assert.equal(merged[0].studyInstanceUid, '1.2.3');
    assert.deepEqual(merged[0].sources.map((entry) => entry.source.id), ['own', 'rijnstad']);
    assert.deepEqual(merged[0].modalities, ['SR', 'CT']);
    assert.equal(merged[0].institution, 'Own');
    assert.equal(merged[0].description, 'External description');
  });

  it('lets the internal source win for attributes both send', () => {
    const merged = mergeStudies([
      [study('1.2.3', rijnstad, { description: 'External', numberOfInstances: 3 })],
      [study('1.2.3', own, { description: 'Internal', numberOfInstances: 5 })],
    ]);
    assert.equal(merged[0].description, 'Internal');
    assert.equal(merged[0].numberOfInstances, 5);
  });

  it('sorts newest first with undated studies last', () => {
    const dated = (uid: string, epochMs: number): Study =>
      study(uid, own, { timestamp: { date: new Date(epochMs).toISOString().slice(0, 10), precision: 'day', epochMs } });
    const merged = mergeStudies([[dated('1', Date.UTC(2010, 0, 1)), study('2', own), dated('3', Date.UTC(2020, 0, 1))]]);
    assert.deepEqual(merged.map((entry) => entry.studyInstanceUid), ['3', '1', '2']);
  });

  it('does not list the same source twice', () => {
    const merged = mergeStudies([[study('1.2', own)], [study('1.2', own)]]);
    assert.equal(merged[0].sources.length, 1);
  });
});
