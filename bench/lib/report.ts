/**
 * Statistics and the one-line-per-figure output that every benchmark prints,
 * plus the JSON record of a part's figures in `bench/results/`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const RESULTS_DIR = new URL('../results/', import.meta.url).pathname;

/** Returns the median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Returns the p-th percentile (0 to 100) by linear interpolation between the closest ranks. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = ((sorted.length - 1) * p) / 100;
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
}

/** Formats a number with a thousands separator and a precision that suits its size. */
export function formatNumber(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return String(value);
  const fractionDigits = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString('en-US', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
}

export interface Measured {
  label: string;
  value: number;
  unit: string;
  /** Fraction digits; by default they depend on the value's size. */
  digits?: number;
}

/**
 * A target. `at-least` targets are met when the checked value is at least
 * `bound`, `at-most` targets when it is at most `bound`.
 */
export interface Target {
  text: string;
  kind: 'at-least' | 'at-most';
  bound: number;
  /** The value checked against `bound`; defaults to the figure's ratio to its peer. */
  checked?: number;
}

export interface Figure {
  id: string;
  name: string;
  subject: Measured;
  peer?: Measured;
  /**
   * How many times better the subject is than the peer: peer/subject for
   * times and sizes (lower is better). Omitted without a peer.
   */
  ratio?: number;
  /** Describes the ratio, for example "faster" or "of JSON.parse's speed". */
  ratioText?: string;
  target?: Target;
  note?: string;
}

/** Returns how far the checked value is on the good side of the bound: at least 1 when the target is met. */
export function targetMargin(target: Target, ratio: number | undefined): number {
  const checked = target.checked ?? ratio ?? Number.NaN;
  return target.kind === 'at-least' ? checked / target.bound : target.bound / checked;
}

function formatMeasured(measured: Measured): string {
  return `${measured.label} ${formatNumber(measured.value, measured.digits)} ${measured.unit}`;
}

/** Formats one figure as one line: the value, the peer's value, their ratio, and the target with its margin. */
export function formatFigure(figure: Figure): string {
  const parts = [`${figure.id} ${figure.name}: ${formatMeasured(figure.subject)}`];
  if (figure.peer !== undefined) parts.push(formatMeasured(figure.peer));
  if (figure.ratio !== undefined) parts.push(`ratio ${formatNumber(figure.ratio)}× ${figure.ratioText ?? 'better'}`);
  if (figure.target !== undefined) {
    const margin = targetMargin(figure.target, figure.ratio);
    parts.push(`target ${figure.target.text}: ${margin >= 1 ? 'met' : 'MISSED'}, ${formatNumber(margin)}× the target`);
  }
  if (figure.note !== undefined) parts.push(figure.note);
  return parts.join(' | ');
}

/** Collects a part's figures, prints each as it comes, and writes them to `bench/results/<part>.json` at the end. */
export class Report {
  readonly figures: Figure[] = [];
  readonly details: Record<string, unknown> = {};

  constructor(readonly part: string) {}

  add(figure: Figure): void {
    this.figures.push(figure);
    console.log(formatFigure(figure));
  }

  /** Prints a line that is not a figure, such as "not available". */
  info(text: string): void {
    console.log(`${this.part} ${text}`);
  }

  save(): string {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const path = join(RESULTS_DIR, `${this.part.toLowerCase()}.json`);
    const record = { part: this.part, date: new Date().toISOString(), figures: this.figures, details: this.details };
    writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
    return path;
  }
}
