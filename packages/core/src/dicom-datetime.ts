/**
 * Reading of DICOM DA, TM and DT values (PS3.5 section 6.2) into study timestamps.
 *
 * Every parser returns `undefined` for text it cannot read, never an invalid
 * date, so callers can treat the study as undated.
 */
import type { StudyTimestamp, TimestampPrecision } from './model.js';

export interface CalendarDate {
  year: number;
  month?: number;
  day?: number;
}

export interface TimeOfDay {
  hour: number;
  minute?: number;
  second?: number;
  /** Fraction of a second as the digits sent, 1 to 6 of them. */
  fraction?: string;
}

const DA_PATTERN = /^(\d{4})(?:(\d{2})(\d{2})?)?$/;
// ACR-NEMA 2.0 wrote dates as YYYY.MM.DD; some servers send ISO 8601 YYYY-MM-DD.
const SEPARATED_DA_PATTERN = /^(\d{4})[.-](\d{2})[.-](\d{2})$/;
const TM_PATTERN = /^(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,6}))?)?)?$/;
// ACR-NEMA 2.0 and some modalities write HH:MM:SS.
const SEPARATED_TM_PATTERN = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/;
const DT_PATTERN = /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,6}))?)?)?)?)?)?([+-]\d{4})?$/;
const OFFSET_PATTERN = /^([+-])(\d{2})(\d{2})$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1];
}

/** Reads `length` decimal digits at `start`; returns -1 when any of them is not a digit. */
function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let index = start; index < start + length; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function validDate(year: number, month?: number, day?: number): CalendarDate | undefined {
  if (year < 1) return undefined;
  if (month === undefined) return { year };
  if (month < 1 || month > 12) return undefined;
  if (day === undefined) return { year, month };
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function validTime(hour: number, minute?: number, second?: number, fraction?: string): TimeOfDay | undefined {
  if (hour > 23) return undefined;
  if (minute !== undefined && minute > 59) return undefined;
  // 60 is allowed for a leap second.
  if (second !== undefined && second > 60) return undefined;
  const time: TimeOfDay = { hour };
  if (minute !== undefined) time.minute = minute;
  if (second !== undefined) time.second = second;
  if (fraction !== undefined) time.fraction = fraction;
  return time;
}

function optionalNumber(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

/** Parses a DA value: `YYYYMMDD`, also `YYYY.MM.DD` and `YYYY-MM-DD`. Surrounding spaces are ignored. */
export function parseDicomDate(text: string): CalendarDate | undefined {
  const value = text.length === 8 ? text : text.trim();
  // Fast path for the common full DA, without a regular expression.
  if (value.length === 8) {
    const year = digitsAt(value, 0, 4);
    const month = digitsAt(value, 4, 2);
    const day = digitsAt(value, 6, 2);
    if (year >= 0 && month >= 0 && day >= 0) return validDate(year, month, day);
  }
  const match = DA_PATTERN.exec(value) ?? SEPARATED_DA_PATTERN.exec(value);
  if (!match) return undefined;
  return validDate(Number(match[1]), optionalNumber(match[2]), optionalNumber(match[3]));
}

/** Parses a TM value: `HH`, `HHMM`, `HHMMSS` or `HHMMSS.F` with 1 to 6 fraction digits, also with colons. */
export function parseDicomTime(text: string): TimeOfDay | undefined {
  const value = text.length === 6 ? text : text.trim();
  // Fast path for the common HHMMSS, without a regular expression.
  if (value.length === 6) {
    const hour = digitsAt(value, 0, 2);
    const minute = digitsAt(value, 2, 2);
    const second = digitsAt(value, 4, 2);
    if (hour >= 0 && minute >= 0 && second >= 0) return validTime(hour, minute, second);
  }
  const match = TM_PATTERN.exec(value) ?? SEPARATED_TM_PATTERN.exec(value);
  if (!match) return undefined;
  return validTime(Number(match[1]), optionalNumber(match[2]), optionalNumber(match[3]), match[4]);
}

/** Parses a UTC offset `+HHMM` or `-HHMM` into minutes. */
export function parseUtcOffset(text: string): number | undefined {
  const match = OFFSET_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  if (hours > 14 || minutes > 59) return undefined;
  const total = hours * 60 + minutes;
  return match[1] === '-' ? -total : total;
}

/** A DT value split into its parts. */
export interface DicomDateTime {
  date: CalendarDate;
  time?: TimeOfDay;
  utcOffsetMinutes?: number;
}

/**
 * Parses a DT value `YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX]`. The same grammar
 * without offset serves the XDS DTM type, which is UTC.
 */
export function parseDicomDateTime(text: string): DicomDateTime | undefined {
  const match = DT_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const date = validDate(Number(match[1]), optionalNumber(match[2]), optionalNumber(match[3]));
  if (!date) return undefined;
  const result: DicomDateTime = { date };
  if (match[4] !== undefined) {
    if (date.day === undefined) return undefined;
    const time = validTime(Number(match[4]), optionalNumber(match[5]), optionalNumber(match[6]), match[7]);
    if (!time) return undefined;
    result.time = time;
  }
  if (match[8] !== undefined) {
    const offset = parseUtcOffset(match[8]);
    if (offset === undefined) return undefined;
    result.utcOffsetMinutes = offset;
  }
  return result;
}

function pad(value: number, length = 2): string {
  return String(value).padStart(length, '0');
}

/** Formats a calendar date as ISO 8601 with its own precision: `2021`, `2021-03` or `2021-03-04`. */
export function formatIsoDate(date: CalendarDate): string {
  let text = pad(date.year, 4);
  if (date.month !== undefined) text += `-${pad(date.month)}`;
  if (date.month !== undefined && date.day !== undefined) text += `-${pad(date.day)}`;
  return text;
}

/** Formats a time of day as ISO 8601 `HH:MM`, `HH:MM:SS` or `HH:MM:SS.ffffff`. An hour alone becomes `HH:00`. */
export function formatIsoTime(time: TimeOfDay): string {
  let text = `${pad(time.hour)}:${pad(time.minute ?? 0)}`;
  if (time.second !== undefined) text += `:${pad(time.second)}`;
  if (time.second !== undefined && time.fraction !== undefined) text += `.${time.fraction}`;
  return text;
}

function timePrecision(time: TimeOfDay): TimestampPrecision {
  if (time.minute === undefined) return 'hour';
  if (time.second === undefined) return 'minute';
  if (time.fraction === undefined) return 'second';
  return 'fraction';
}

/**
 * Builds a study timestamp from a calendar date and an optional time. A time
 * is only used with a full date, since a time without its day places nothing.
 */
export function buildTimestamp(date: CalendarDate, time?: TimeOfDay, utcOffsetMinutes?: number): StudyTimestamp {
  const timestamp: StudyTimestamp = {
    date: formatIsoDate(date),
    precision: date.month === undefined ? 'year' : date.day === undefined ? 'month' : 'day',
    epochMs: 0,
  };
  const useTime = time !== undefined && date.month !== undefined && date.day !== undefined;

  const month = (date.month ?? 1) - 1;
  const day = date.day ?? 1;
  let epochMs: number;
  if (date.year >= 100) {
    epochMs = useTime ? Date.UTC(date.year, month, day, time.hour, time.minute ?? 0, time.second ?? 0) : Date.UTC(date.year, month, day);
  } else {
    // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear keeps them literal.
    const instant = new Date(0);
    instant.setUTCFullYear(date.year, month, day);
    if (useTime) instant.setUTCHours(time.hour, time.minute ?? 0, time.second ?? 0, 0);
    epochMs = instant.getTime();
  }
  if (useTime) {
    timestamp.time = formatIsoTime(time);
    timestamp.precision = timePrecision(time);
  }
  // Sub-millisecond digits stay as a fraction of a millisecond, so that sorting uses all six digits.
  const fractionMs = useTime && time.fraction !== undefined ? Number(`0.${time.fraction}`) * 1000 : 0;
  timestamp.epochMs = epochMs + fractionMs;

  if (utcOffsetMinutes !== undefined) timestamp.utcOffsetMinutes = utcOffsetMinutes;
  return timestamp;
}

/**
 * Reads a study timestamp from DA and TM values and an optional
 * TimezoneOffsetFromUTC. Returns `undefined` when the date is missing or
 * invalid; an unreadable time leaves a date-only timestamp.
 */
export function timestampFromDicom(
  dateText: string | undefined,
  timeText?: string,
  utcOffsetText?: string,
): StudyTimestamp | undefined {
  if (dateText === undefined || dateText.trim() === '') return undefined;
  const date = parseDicomDate(dateText);
  if (!date) return undefined;
  const time = timeText === undefined || timeText.trim() === '' ? undefined : parseDicomTime(timeText);
  const offset = utcOffsetText === undefined ? undefined : parseUtcOffset(utcOffsetText);
  return buildTimestamp(date, time, offset);
}

/** Reads a study timestamp from a DT value; `assumedOffsetMinutes` applies when the value has no offset. */
export function timestampFromDicomDateTime(text: string, assumedOffsetMinutes?: number): StudyTimestamp | undefined {
  const parsed = parseDicomDateTime(text);
  if (!parsed) return undefined;
  return buildTimestamp(parsed.date, parsed.time, parsed.utcOffsetMinutes ?? assumedOffsetMinutes);
}

/** Converts an ISO calendar date `YYYY-MM-DD` into a DICOM DA `YYYYMMDD`; returns undefined for anything else. */
export function isoDateToDicom(iso: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!match) return undefined;
  if (!validDate(Number(match[1]), Number(match[2]), Number(match[3]))) return undefined;
  return `${match[1]}${match[2]}${match[3]}`;
}

/** Compares two studies' timestamps for a newest-first order; undated ones go last. */
export function compareTimestampsDescending(a: StudyTimestamp | undefined, b: StudyTimestamp | undefined): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return b.epochMs - a.epochMs;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** Returns the offset from UTC, in minutes, of an IANA time zone at an instant. Throws a RangeError for an unknown zone. */
export function timeZoneOffsetMinutes(utcMs: number, timeZone: string): number {
  let format = zoneFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zoneFormats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wallClockMs = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((wallClockMs - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/**
 * Reads a date and time sent in UTC, such as an XDS DTM, as the wall-clock
 * time of an IANA time zone, with that zone's offset at the instant. A value
 * without a time of day is a calendar date and stays as sent. Returns
 * undefined for an unreadable value.
 */
export function timestampFromUtcDateTime(text: string, timeZone: string): StudyTimestamp | undefined {
  const parsed = parseDicomDateTime(text);
  if (!parsed) return undefined;
  const { date, time } = parsed;
  if (time === undefined || date.month === undefined || date.day === undefined || date.year < 100) {
    return buildTimestamp(date, time, parsed.utcOffsetMinutes ?? 0);
  }
  const utcMs = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute ?? 0, time.second ?? 0) - (parsed.utcOffsetMinutes ?? 0) * 60_000;
  const offset = timeZoneOffsetMinutes(utcMs, timeZone);
  const local = new Date(utcMs + offset * 60_000);
  const localTime: TimeOfDay = { hour: local.getUTCHours() };
  if (time.minute !== undefined) localTime.minute = local.getUTCMinutes();
  if (time.second !== undefined) localTime.second = local.getUTCSeconds();
  if (time.fraction !== undefined) localTime.fraction = time.fraction;
  return buildTimestamp({ year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() }, localTime, offset);
}
