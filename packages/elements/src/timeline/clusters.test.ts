import { expect } from '@open-wc/testing';
import { clusterLane, countInRange, type ClusterOptions } from './clusters.js';

const DAY = 24 * 60 * 60 * 1000;

/** One pixel per day, starting at time 0. */
const mapping = { pixelsPerMs: 1 / DAY, offset: 0 };
const options: ClusterOptions = { viewStart: 0, viewEnd: 1000, minGap: 32, minSeparation: 30, cluster: true };

function days(...values: number[]): Float64Array {
  return Float64Array.from(values, (value) => value * DAY);
}

describe('clusterLane', () => {
  it('keeps studies far apart as single marks', () => {
    const groups = clusterLane(days(100, 400, 800), mapping, options);

    expect(groups.map((group) => group.end - group.start)).to.deep.equal([1, 1, 1]);
    expect(groups.map((group) => Math.round(group.x))).to.deep.equal([100, 400, 800]);
  });

  it('merges studies within the gap into one cluster', () => {
    const week = Array.from({ length: 20 }, (_, index) => 500 + index * 0.3);
    const groups = clusterLane(days(100, ...week, 900), mapping, options);

    expect(groups).to.have.length(3);
    expect(groups[1].start).to.equal(1);
    expect(groups[1].end).to.equal(21);
  });

  it('splits a cluster at a deeper zoom', () => {
    const times = days(500, 500.5, 501, 501.5);
    const zoomedIn = { pixelsPerMs: 100 / DAY, offset: -49_900 };

    expect(clusterLane(times, mapping, options)).to.have.length(1);
    expect(clusterLane(times, zoomedIn, options)).to.have.length(4);
  });

  it('returns one mark per study without clustering', () => {
    const groups = clusterLane(days(500, 500, 500), mapping, { ...options, cluster: false });

    expect(groups).to.have.length(3);
  });

  it('pushes marks apart so that they never overlap', () => {
    const groups = clusterLane(days(500, 500, 500), mapping, { ...options, cluster: false });

    expect(groups[1].x - groups[0].x).to.be.at.least(30);
    expect(groups[2].x - groups[1].x).to.be.at.least(30);
  });

  it('leaves out studies far outside the view', () => {
    const groups = clusterLane(days(-5000, 100, 5000), mapping, options);

    expect(groups).to.have.length(1);
    expect(groups[0].start).to.equal(1);
  });

  it('keeps the same clusters while panning within a grid cell', () => {
    const times = days(...Array.from({ length: 200 }, (_, index) => index * 7));
    const first = clusterLane(times, mapping, options).map((group) => [group.start, group.end]);
    const panned = clusterLane(times, { pixelsPerMs: 1 / DAY, offset: -3 }, options).map((group) => [group.start, group.end]);

    expect(panned.slice(1, 10)).to.deep.equal(first.slice(1, 10));
  });

  it('returns nothing for bad input', () => {
    expect(clusterLane(days(), mapping, options)).to.deep.equal([]);
    expect(clusterLane(days(1), { pixelsPerMs: 0, offset: 0 }, options)).to.deep.equal([]);
    expect(clusterLane(days(1), { pixelsPerMs: Number.NaN, offset: 0 }, options)).to.deep.equal([]);
    expect(clusterLane(days(1), mapping, { ...options, viewEnd: 0 })).to.deep.equal([]);
  });

  it('touches only the studies in view', () => {
    const times = new Float64Array(100_000).map((_, index) => index * DAY);
    const groups = clusterLane(times, mapping, options);
    const covered = groups.reduce((sum, group) => sum + group.end - group.start, 0);

    expect(covered).to.be.below(1400);
  });
});

describe('countInRange', () => {
  it('counts inclusive bounds', () => {
    expect(countInRange(days(1, 2, 3, 4), 2 * DAY, 3 * DAY)).to.equal(2);
    expect(countInRange(days(1, 2), 5 * DAY, 6 * DAY)).to.equal(0);
  });
});
