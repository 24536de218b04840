/**
 * Choice of axis ticks for a visible time range: the calendar level (year,
 * month or day), the step, and which ticks carry the larger unit. The ticks
 * themselves come from d3-time's UTC intervals.
 */
import { utcDay, utcMonth, utcYear } from 'd3-time';

export type TickLevel = 'year' | 'month' | 'day';

export interface TickSpec {
  level: TickLevel;
  /** Number of level units between two ticks. */
  step: number;
}

export interface Tick {
  date: Date;
  /**
   * True for ticks that start the next larger unit (January at month level,
   * the 1st at day level) and for the first tick below year level. Major
   * ticks show the larger unit as well, so the year is always readable.
   */
  major: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

// Ordered from the finest to the coarsest. Durations are averages, good enough to count ticks.
const CANDIDATES: readonly (TickSpec & { durationMs: number })[] = [
  { level: 'day', step: 1, durationMs: DAY_MS },
  { level: 'day', step: 2, durationMs: 2 * DAY_MS },
  { level: 'day', step: 5, durationMs: 5 * DAY_MS },
  { level: 'day', step: 10, durationMs: 10 * DAY_MS },
  { level: 'day', step: 15, durationMs: 15 * DAY_MS },
  { level: 'month', step: 1, durationMs: 30.44 * DAY_MS },
  { level: 'month', step: 3, durationMs: 91.3 * DAY_MS },
  { level: 'month', step: 6, durationMs: 182.6 * DAY_MS },
  { level: 'year', step: 1, durationMs: 365.25 * DAY_MS },
  { level: 'year', step: 2, durationMs: 2 * 365.25 * DAY_MS },
  { level: 'year', step: 5, durationMs: 5 * 365.25 * DAY_MS },
  { level: 'year', step: 10, durationMs: 10 * 365.25 * DAY_MS },
  { level: 'year', step: 20, durationMs: 20 * 365.25 * DAY_MS },
  { level: 'year', step: 50, durationMs: 50 * 365.25 * DAY_MS },
  { level: 'year', step: 100, durationMs: 100 * 365.25 * DAY_MS },
];

/** Picks the finest tick level and step that keeps ticks at least `minSpacingPx` apart. */
export function chooseTickSpec(spanMs: number, widthPx: number, minSpacingPx: number): TickSpec {
  const maxTicks = Math.max(1, Math.floor(widthPx / minSpacingPx));
  const fitting = CANDIDATES.find((candidate) => spanMs / candidate.durationMs <= maxTicks) ?? CANDIDATES[CANDIDATES.length - 1];
  return { level: fitting.level, step: fitting.step };
}

/** Returns the calendar-aligned tick dates from `startMs` (included) to `stopMs` (excluded). */
function calendarRange(startMs: number, stopMs: number, spec: TickSpec): Date[] {
  const start = new Date(startMs);
  const stop = new Date(stopMs);
  // d3-time aligns `every` to the calendar: years divisible by the step, months 1, 4, 7, 10 for 3, days 1, 6, 11... for 5.
  if (spec.level === 'year') return utcYear.every(spec.step)?.range(start, stop) ?? [];
  if (spec.level === 'month') return utcMonth.every(spec.step)?.range(start, stop) ?? [];
  return utcDay.every(spec.step)?.range(start, stop) ?? [];
}

function startsLargerUnit(date: Date, level: TickLevel): boolean {
  if (level === 'month') return date.getUTCMonth() === 0;
  if (level === 'day') return date.getUTCDate() === 1;
  return false;
}

/** Returns the ticks within `[startMs, endMs]` (UTC calendar), spaced for `widthPx`. */
export function buildTicks(startMs: number, endMs: number, widthPx: number, minSpacingPx = 88): { spec: TickSpec; ticks: Tick[] } {
  if (!(endMs > startMs) || !(widthPx > 0)) return { spec: { level: 'year', step: 1 }, ticks: [] };
  const spec = chooseTickSpec(endMs - startMs, widthPx, minSpacingPx);
  const dates = calendarRange(startMs, endMs + 1, spec);
  const ticks = dates.map((date, position) => ({
    date,
    major: (position === 0 && spec.level !== 'year') || startsLargerUnit(date, spec.level),
  }));
  return { spec, ticks };
}

/**
 * `Intl.DateTimeFormat` options for a tick label: `2021`; `Mar` or `Mar 2021`;
 * `4 Mar` or `1 Mar 2021`. Format them in UTC.
 */
export function tickFormatOptions(level: TickLevel, major: boolean): Intl.DateTimeFormatOptions {
  if (level === 'year') return { year: 'numeric' };
  if (level === 'month') return major ? { month: 'short', year: 'numeric' } : { month: 'short' };
  return major ? { day: 'numeric', month: 'short', year: 'numeric' } : { day: 'numeric', month: 'short' };
}
