import { expect } from '@open-wc/testing';
import { buildTicks, chooseTickSpec, tickFormatOptions } from './ticks.js';

const DAY = 24 * 60 * 60 * 1000;
const utc = (text: string): number => Date.parse(`${text}T00:00:00Z`);

describe('chooseTickSpec', () => {
  it('uses years for decades', () => {
    expect(chooseTickSpec(30 * 365 * DAY, 1000, 88)).to.deep.equal({ level: 'year', step: 5 });
  });

  it('uses months for one year', () => {
    expect(chooseTickSpec(365 * DAY, 1000, 88).level).to.equal('month');
  });

  it('uses days for one week', () => {
    expect(chooseTickSpec(7 * DAY, 1000, 88)).to.deep.equal({ level: 'day', step: 1 });
  });

  it('falls back to the coarsest step for huge spans', () => {
    expect(chooseTickSpec(10_000 * 365 * DAY, 100, 88)).to.deep.equal({ level: 'year', step: 100 });
  });
});

describe('buildTicks', () => {
  it('places year ticks on UTC year starts', () => {
    const { ticks } = buildTicks(utc('2000-06-01'), utc('2010-06-01'), 1000);

    expect(ticks.map((tick) => tick.date.toISOString().slice(0, 10))).to.include('2005-01-01');
    expect(ticks.every((tick) => tick.date.getUTCMonth() === 0 && tick.date.getUTCDate() === 1)).to.equal(true);
  });

  it('marks January and the first tick as major at month level', () => {
    const { spec, ticks } = buildTicks(utc('2020-10-15'), utc('2021-04-15'), 1000);

    expect(spec.level).to.equal('month');
    expect(ticks[0].major).to.equal(true);
    expect(ticks.filter((tick) => tick.major).map((tick) => tick.date.toISOString().slice(0, 7))).to.deep.equal(['2020-11', '2021-01']);
  });

  it('returns no ticks for an empty range or width', () => {
    expect(buildTicks(utc('2020-01-01'), utc('2020-01-01'), 1000).ticks).to.deep.equal([]);
    expect(buildTicks(utc('2020-01-01'), utc('2021-01-01'), 0).ticks).to.deep.equal([]);
  });
});

describe('tickFormatOptions', () => {
  it('formats Dutch month names in UTC', () => {
    const format = new Intl.DateTimeFormat('nl', { ...tickFormatOptions('month', true), timeZone: 'UTC' });

    expect(format.format(new Date(utc('2021-03-01')))).to.equal('mrt 2021');
  });

  it('adds the year only to major day ticks', () => {
    expect(tickFormatOptions('day', false)).to.not.have.property('year');
    expect(tickFormatOptions('day', true)).to.have.property('year');
  });
});
