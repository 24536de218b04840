import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isoDateToDicom,
  timeZoneOffsetMinutes,
  timestampFromUtcDateTime,
  parseDicomDate,
  parseDicomDateTime,
  parseDicomTime,
  parseUtcOffset,
  timestampFromDicom,
  timestampFromDicomDateTime,
} from './dicom-datetime.js';

describe('parseDicomDate', () => {
  it('reads DA and its legacy and ISO forms', () => {
    assert.deepEqual(parseDicomDate('20210304'), { year: 2021, month: 3, day: 4 });
    assert.deepEqual(parseDicomDate('2021.03.04'), { year: 2021, month: 3, day: 4 });
    assert.deepEqual(parseDicomDate(' 2021-03-04 '), { year: 2021, month: 3, day: 4 });
  });

  it('rejects impossible dates', () => {
    for (const text of ['20210230', '20211301', '20210000', '2021034', 'abcdefgh', '', '00000101']) {
      assert.equal(parseDicomDate(text), undefined, text);
    }
  });

  it('accepts 29 February only in leap years', () => {
    assert.deepEqual(parseDicomDate('20240229'), { year: 2024, month: 2, day: 29 });
    assert.equal(parseDicomDate('20230229'), undefined);
  });
});

describe('parseDicomTime', () => {
  it('reads every precision', () => {
    assert.deepEqual(parseDicomTime('09'), { hour: 9 });
    assert.deepEqual(parseDicomTime('0903'), { hour: 9, minute: 3 });
    assert.deepEqual(parseDicomTime('090323'), { hour: 9, minute: 3, second: 23 });
    assert.deepEqual(parseDicomTime('090323.123456'), { hour: 9, minute: 3, second: 23, fraction: '123456' });
    assert.deepEqual(parseDicomTime('09:03:23.5'), { hour: 9, minute: 3, second: 23, fraction: '5' });
  });

  it('accepts a leap second and rejects out-of-range parts', () => {
    assert.deepEqual(parseDicomTime('235960'), { hour: 23, minute: 59, second: 60 });
    for (const text of ['24', '0960', '090361', '090323.1234567', '9', '']) {
      assert.equal(parseDicomTime(text), undefined, text);
    }
  });
});

describe('parseUtcOffset', () => {
  it('reads signed offsets in minutes', () => {
    assert.equal(parseUtcOffset('+0100'), 60);
    assert.equal(parseUtcOffset('-0530'), -330);
    assert.equal(parseUtcOffset('0100'), undefined);
    assert.equal(parseUtcOffset('+2500'), undefined);
  });
});

describe('parseDicomDateTime', () => {
  it('reads DT of every precision with an offset', () => {
    assert.deepEqual(parseDicomDateTime('2004'), { date: { year: 2004 } });
    assert.deepEqual(parseDicomDateTime('200412241030'), { date: { year: 2004, month: 12, day: 24 }, time: { hour: 10, minute: 30 } });
    assert.deepEqual(parseDicomDateTime('20041224103015.25+0200'), {
      date: { year: 2004, month: 12, day: 24 },
      time: { hour: 10, minute: 30, second: 15, fraction: '25' },
      utcOffsetMinutes: 120,
    });
  });

  it('rejects invalid DT', () => {
    for (const text of ['20041324', '2004122410301', '20041224+99', 'x']) assert.equal(parseDicomDateTime(text), undefined, text);
  });
});

describe('timestampFromDicom', () => {
  it('keeps the calendar date whatever the process time zone', () => {
    const timestamp = timestampFromDicom('20201231', '2330', '-0800');
    assert.equal(timestamp?.date, '2020-12-31');
    assert.equal(new Date(timestamp?.epochMs ?? 0).getUTCDate(), 31);
    assert.equal(timestamp?.utcOffsetMinutes, -480);
  });

  it('keeps the date when the time is unreadable', () => {
    const timestamp = timestampFromDicom('20201231', '25');
    assert.equal(timestamp?.date, '2020-12-31');
    assert.equal(timestamp?.time, undefined);
    assert.equal(timestamp?.precision, 'day');
  });

  it('returns undefined for missing and empty dates', () => {
    assert.equal(timestampFromDicom(undefined, '1200'), undefined);
    assert.equal(timestampFromDicom('  '), undefined);
  });

  it('keeps years below 100 literal', () => {
    const timestamp = timestampFromDicom('00500101');
    assert.equal(new Date(timestamp?.epochMs ?? 0).getUTCFullYear(), 50);
  });

  it('reads partial dates from DT with their precision', () => {
    const year = timestampFromDicomDateTime('2004');
    assert.equal(year?.date, '2004');
    assert.equal(year?.precision, 'year');
    const month = timestampFromDicomDateTime('200412');
    assert.equal(month?.date, '2004-12');
    assert.equal(month?.epochMs, Date.UTC(2004, 11, 1));
  });
});

describe('isoDateToDicom', () => {
  it('converts valid dates only', () => {
    assert.equal(isoDateToDicom('2021-03-04'), '20210304');
    assert.equal(isoDateToDicom('2021-02-30'), undefined);
    assert.equal(isoDateToDicom('20210304'), undefined);
  });
});

describe('timestampFromUtcDateTime', () => {
  it('shows a UTC time in winter and summer time', () => {
    const winter = timestampFromUtcDateTime('20250110150200', 'Europe/Amsterdam');
    assert.equal(winter?.date, '2025-01-10');
    assert.equal(winter?.time, '16:02:00');
    assert.equal(winter?.utcOffsetMinutes, 60);
    assert.equal(winter?.epochMs, Date.UTC(2025, 0, 10, 16, 2, 0));
    const summer = timestampFromUtcDateTime('202507101502', 'Europe/Amsterdam');
    assert.equal(summer?.time, '17:02');
    assert.equal(summer?.utcOffsetMinutes, 120);
    assert.equal(summer?.precision, 'minute');
  });

  it('moves a late UTC time to the next day', () => {
    const timestamp = timestampFromUtcDateTime('20241231233000', 'Europe/Amsterdam');
    assert.equal(timestamp?.date, '2025-01-01');
    assert.equal(timestamp?.time, '00:30:00');
  });

  it('keeps a calendar date and a UTC zone as sent', () => {
    assert.deepEqual(timestampFromUtcDateTime('20250110', 'Europe/Amsterdam'), { date: '2025-01-10', precision: 'day', epochMs: Date.UTC(2025, 0, 10), utcOffsetMinutes: 0 });
    assert.equal(timestampFromUtcDateTime('20250110150200', 'UTC')?.time, '15:02:00');
    assert.equal(timestampFromUtcDateTime('not a time', 'UTC'), undefined);
  });

  it('reads a zone offset at an instant', () => {
    assert.equal(timeZoneOffsetMinutes(Date.UTC(2025, 0, 10, 12), 'Asia/Kolkata'), 330);
    assert.equal(timeZoneOffsetMinutes(Date.UTC(2025, 6, 10, 12), 'America/New_York'), -240);
    assert.throws(() => timeZoneOffsetMinutes(0, 'Mars/Olympus'), RangeError);
  });
});
