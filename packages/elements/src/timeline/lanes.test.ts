import { expect } from '@open-wc/testing';
import { compareEntriesByTime, prepareEntries, type TimelineEntry } from './entries.js';
import { assignLanes, sortByTime, timeExtent } from './lanes.js';
import { NOORDWIJK, OWN_ARCHIVE, REGIONAL_XDS, makeStudy } from './test-support/generate-history.js';

const collator = new Intl.Collator('en');

const studies = [
  makeStudy({ uid: '1', date: '2021-03-04', modalities: ['CT'], sources: [REGIONAL_XDS] }),
  makeStudy({ uid: '2', date: '2019-01-01', modalities: ['MR'], sources: [OWN_ARCHIVE] }),
  makeStudy({ uid: '3', date: '2020-06-01', modalities: ['US'], sources: [NOORDWIJK] }),
  makeStudy({ uid: '4', date: '2018-06-01', modalities: ['PT', 'CT'], sources: [NOORDWIJK, OWN_ARCHIVE] }),
  makeStudy({ uid: '5', modalities: ['CT'], sources: [OWN_ARCHIVE] }),
  makeStudy({ uid: '6', date: '2017-01-01', modalities: [], sources: [OWN_ARCHIVE] }),
];

describe('assignLanes', () => {
  it('puts the own archive first, then external sources by label', () => {
    const { lanes } = assignLanes(prepareEntries(studies).entries, 'source', collator);

    expect(lanes.map((lane) => lane.source?.label)).to.deep.equal(['Rijnstad Ziekenhuis', 'Noordwijk MC', 'Regio XDS']);
  });

  it('places a study held internally and externally in the internal lane', () => {
    const { lanes } = assignLanes(prepareEntries(studies).entries, 'source', collator);
    const internalUids = lanes[0].entries.map((entry) => entry.study.studyInstanceUid);

    expect(internalUids).to.include('4');
    expect(lanes[1].entries.map((entry) => entry.study.studyInstanceUid)).to.deep.equal(['3']);
  });

  it('sorts each lane by time, oldest first', () => {
    const { lanes } = assignLanes(prepareEntries(studies).entries, 'source', collator);

    expect(lanes[0].entries.map((entry) => entry.study.studyInstanceUid)).to.deep.equal(['6', '4', '2']);
    expect(Array.from(lanes[0].times)).to.deep.equal(lanes[0].entries.map((entry) => entry.time));
  });

  it('groups by first modality in clinical order', () => {
    const { lanes } = assignLanes(prepareEntries(studies).entries, 'modality', collator);

    expect(lanes.map((lane) => lane.modality)).to.deep.equal(['CT', 'MR', 'PT', 'US', undefined]);
  });

  it('keeps undated studies out of the lanes', () => {
    const { lanes, undated } = assignLanes(prepareEntries(studies).entries, 'source', collator);

    expect(undated.map((entry) => entry.study.studyInstanceUid)).to.deep.equal(['5']);
    expect(lanes.flatMap((lane) => lane.entries).some((entry) => entry.study.studyInstanceUid === '5')).to.equal(false);
  });

  it('puts studies without a source in a last lane', () => {
    const orphan = { ...makeStudy({ uid: '7', date: '2022-01-01' }), sources: [] };
    const { lanes } = assignLanes(prepareEntries([...studies, orphan]).entries, 'source', collator);

    expect(lanes[lanes.length - 1].id).to.equal('source:');
    expect(lanes[lanes.length - 1].source).to.equal(undefined);
  });

  it('returns no lanes for an empty list', () => {
    const layout = assignLanes([], 'source', collator);

    expect(layout.lanes).to.deep.equal([]);
    expect(layout.undated).to.deep.equal([]);
    expect(timeExtent(layout.lanes)).to.equal(undefined);
  });
});

describe('prepareEntries', () => {
  it('skips values that are not studies and warns once per kind', () => {
    const { entries, warnings } = prepareEntries([null, 42, { foo: 1 }, makeStudy({ uid: '1', date: '2020-01-01' })]);

    expect(entries).to.have.length(1);
    expect(entries[0].index).to.equal(3);
    expect(warnings).to.have.length(1);
  });

  it('treats a timestamp without a finite epochMs as undated', () => {
    const broken = makeStudy({ uid: '1', date: '2020-01-01' });
    broken.timestamp = { ...broken.timestamp!, epochMs: Number.NaN };
    const { entries, warnings } = prepareEntries([broken]);

    expect(entries[0].time).to.equal(undefined);
    expect(warnings.join(' ')).to.contain('undated');
  });

  it('reads modalities in upper case without blanks or repeats', () => {
    const study = makeStudy({ uid: '1', date: '2020-01-01', modalities: ['ct', ' ', 'CT', 'pt'] });

    expect(prepareEntries([study]).entries[0].modalities).to.deep.equal(['CT', 'PT']);
  });

  it('warns about repeated Study Instance UIDs', () => {
    const { warnings } = prepareEntries([makeStudy({ uid: '1' }), makeStudy({ uid: '1' })]);

    expect(warnings.join(' ')).to.contain('share a Study Instance UID');
  });
});

describe('sortByTime', () => {
  /** Entries for dates in input order; equal dates give equal times. */
  function entriesFor(dates: string[]): TimelineEntry[] {
    return prepareEntries(dates.map((date, index) => makeStudy({ uid: `t${index}`, date }))).entries;
  }

  function order(entries: readonly TimelineEntry[]): number[] {
    return entries.map((entry) => entry.index);
  }

  function comparisonOrder(entries: readonly TimelineEntry[]): number[] {
    return order([...entries].sort(compareEntriesByTime));
  }

  it('keeps entries that are oldest first', () => {
    const entries = entriesFor(['2010-01-01', '2012-05-05', '2012-05-05', '2020-01-01']);

    sortByTime(entries);

    expect(order(entries)).to.deep.equal([0, 1, 2, 3]);
  });

  it('reverses newest first, ties in order', () => {
    const entries = entriesFor(['2020-01-01', '2015-03-03', '2015-03-03', '2015-03-03', '2011-01-01', '2010-01-01', '2010-01-01']);
    const expected = comparisonOrder(entries);

    sortByTime(entries);

    expect(order(entries)).to.deep.equal(expected);
    expect(order(entries)).to.deep.equal([5, 6, 4, 1, 2, 3, 0]);
  });

  it('sorts entries in no order', () => {
    const entries = entriesFor(['2015-01-01', '2010-01-01', '2020-01-01', '2010-01-01', '2012-01-01']);
    const expected = comparisonOrder(entries);

    sortByTime(entries);

    expect(order(entries)).to.deep.equal(expected);
  });

  it('sorts ties out of input order', () => {
    const entries = entriesFor(['2020-01-01', '2015-01-01', '2015-01-01', '2010-01-01']);
    [entries[1], entries[2]] = [entries[2], entries[1]];
    const expected = comparisonOrder(entries);

    sortByTime(entries);

    expect(order(entries)).to.deep.equal(expected);
    expect(order(entries)).to.deep.equal([3, 1, 2, 0]);
  });

  it('handles empty and single-entry lanes', () => {
    const empty: TimelineEntry[] = [];
    const single = entriesFor(['2020-01-01']);

    sortByTime(empty);
    sortByTime(single);

    expect(empty).to.deep.equal([]);
    expect(order(single)).to.deep.equal([0]);
  });
});
