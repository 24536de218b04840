import { expect } from '@open-wc/testing';
import { prepareEntries } from './entries.js';
import { makeStudy } from './test-support/generate-history.js';
import { groupByYear } from './vertical-groups.js';

describe('groupByYear', () => {
  it('orders years and studies newest first, undated last', () => {
    const { entries } = prepareEntries([
      makeStudy({ uid: 'a', date: '2019-05-01' }),
      makeStudy({ uid: 'b' }),
      makeStudy({ uid: 'c', date: '2021-01-01' }),
      makeStudy({ uid: 'd', date: '2019-12-31', time: '23:30' }),
    ]);

    const groups = groupByYear(entries);

    expect(groups.map((group) => group.year)).to.deep.equal([2021, 2019, undefined]);
    expect(groups[1].entries.map((entry) => entry.study.studyInstanceUid)).to.deep.equal(['d', 'a']);
  });

  it('reads the year of the wall-clock date, whatever the viewer time zone', () => {
    const { entries } = prepareEntries([makeStudy({ uid: 'a', date: '2020-12-31', time: '23:59' })]);

    expect(groupByYear(entries)[0].year).to.equal(2020);
  });

  it('returns no groups for no studies', () => {
    expect(groupByYear([])).to.deep.equal([]);
  });
});
