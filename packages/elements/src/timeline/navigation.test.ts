import { expect } from '@open-wc/testing';
import { prepareEntries } from './entries.js';
import { assignLanes } from './lanes.js';
import { navigationTarget, nearestInLane, type NavigationContext, type RenderedGroup } from './navigation.js';
import { NOORDWIJK, makeStudy } from './test-support/generate-history.js';

const { lanes, undated } = assignLanes(
  prepareEntries([
    makeStudy({ uid: 'a', date: '2010-01-01' }),
    makeStudy({ uid: 'b', date: '2015-01-01' }),
    makeStudy({ uid: 'c', date: '2020-01-01' }),
    makeStudy({ uid: 'd', date: '2012-01-01', sources: [NOORDWIJK] }),
    makeStudy({ uid: 'e', date: '2019-01-01', sources: [NOORDWIJK] }),
    makeStudy({ uid: 'u' }),
  ]).entries,
  'source',
  new Intl.Collator('en'),
);

/** Internal lane shows a at 100 px and b at 500 px; c (2020) is outside the view. The external lane shows nothing. */
const internal: RenderedGroup[] = [
  { start: 0, end: 1, x: 100, key: 's0', laneIndex: 0 },
  { start: 1, end: 2, x: 500, key: 's1', laneIndex: 0 },
];
const context: NavigationContext = {
  lanes,
  undated,
  renderedLanes: [internal, [], [{ start: 0, end: 1, x: Number.NaN, key: 'u5', laneIndex: 2 }]],
  viewWidth: 600,
  timeAt: (x) => Date.UTC(2010, 0, 1) + (x / 100) * 365 * 24 * 60 * 60 * 1000,
};

const uid = (entry: { study: { studyInstanceUid: string } } | undefined): string | undefined => entry?.study.studyInstanceUid;

describe('navigationTarget', () => {
  it('moves to the next study in time, also outside the view', () => {
    expect(uid(navigationTarget(context, internal[0], 'ArrowRight'))).to.equal('b');
    expect(uid(navigationTarget(context, internal[1], 'ArrowRight'))).to.equal('c');
  });

  it('stops at the lane ends', () => {
    expect(navigationTarget(context, internal[0], 'ArrowLeft')).to.equal(undefined);
  });

  it('jumps to the first and last study of the lane', () => {
    expect(uid(navigationTarget(context, internal[1], 'Home'))).to.equal('a');
    expect(uid(navigationTarget(context, internal[0], 'End'))).to.equal('c');
  });

  it('moves down to the study nearest in time when the lane shows none', () => {
    expect(uid(navigationTarget(context, internal[0], 'ArrowDown'))).to.equal('d');
    expect(uid(navigationTarget(context, internal[1], 'ArrowDown'))).to.equal('d');
  });

  it('moves from the last dated lane to the undated lane and back up', () => {
    const external = { start: 1, end: 2, x: 300, key: 's4', laneIndex: 1 };

    expect(uid(navigationTarget(context, external, 'ArrowDown'))).to.equal('u');
    expect(uid(navigationTarget(context, context.renderedLanes[2][0], 'ArrowUp'))).to.be.oneOf(['d', 'e']);
  });

  it('ignores other keys', () => {
    expect(navigationTarget(context, internal[0], 'a')).to.equal(undefined);
  });
});

describe('nearestInLane', () => {
  it('prefers the nearest shown mark', () => {
    expect(uid(nearestInLane(context, 0, 450))).to.equal('b');
  });

  it('returns nothing for a lane that does not exist', () => {
    expect(nearestInLane(context, 7, 100)).to.equal(undefined);
  });
});
