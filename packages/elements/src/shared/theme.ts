/**
 * Shared theme for Studyline elements: public `--studyline-*` custom
 * properties, a light and a dark set of defaults, and modality colours.
 *
 * Each public property is read once on `:host` into a private `--_sl-*`
 * property with the theme's default as fallback. A host can therefore set a
 * public property on the element or on any ancestor, and it applies in both
 * themes. Shadow styles use only the private properties.
 *
 * Colours were checked against WCAG 2.2: text at least 4.5:1 on its
 * background, modality fills at least 4.5:1 against the page background and
 * against their label text, in both themes.
 */
import { css, unsafeCSS, type CSSResult } from 'lit';
import { warnOnce } from '@studyline/core';

/** Value of the `theme` attribute. `auto` follows `prefers-color-scheme`. */
export type StudylineTheme = 'light' | 'dark' | 'auto';

const THEMES: readonly StudylineTheme[] = ['light', 'dark', 'auto'];

/**
 * Returns `theme` when it is a value of the `theme` attribute. Otherwise it
 * warns once, naming the element's tag, and returns `light`.
 */
export function checkedTheme(theme: unknown, tagName: string): StudylineTheme {
  if (THEMES.includes(theme as StudylineTheme)) return theme as StudylineTheme;
  warnOnce(`Unknown theme value on ${tagName}; use "light", "dark" or "auto". Using "light".`);
  return 'light';
}

/** Colour families for modalities. Marks also show the modality as text, so colour is never the only cue. */
export type ModalityColorKey = 'ct' | 'mr' | 'cr' | 'dx' | 'us' | 'mg' | 'nm' | 'pt' | 'xa' | 'sr' | 'doc' | 'other';

export const MODALITY_COLOR_KEYS: readonly ModalityColorKey[] = ['ct', 'mr', 'cr', 'dx', 'us', 'mg', 'nm', 'pt', 'xa', 'sr', 'doc', 'other'];

// Related modalities share a colour family: RF with angiography, intra-oral and panoramic X-ray with CR,
// key object selections and presentation states with structured reports.
const MODALITY_ALIASES: Readonly<Record<string, ModalityColorKey>> = {
  CT: 'ct',
  MR: 'mr',
  CR: 'cr',
  DX: 'dx',
  IO: 'cr',
  PX: 'cr',
  US: 'us',
  MG: 'mg',
  NM: 'nm',
  PT: 'pt',
  XA: 'xa',
  RF: 'xa',
  SR: 'sr',
  KO: 'sr',
  PR: 'sr',
  DOC: 'doc',
};

/** Returns the colour family of a DICOM modality code (case-insensitive); unknown or missing codes get `other`. */
export function modalityColorKey(modality: string | undefined): ModalityColorKey {
  if (modality === undefined) return 'other';
  return MODALITY_ALIASES[modality.trim().toUpperCase()] ?? 'other';
}

/** Returns the public custom property that sets a modality's colour, for example `--studyline-modality-ct`. */
export function modalityColorVariable(modality: string | undefined): `--studyline-modality-${ModalityColorKey}` {
  return `--studyline-modality-${modalityColorKey(modality)}`;
}

/** Returns a CSS value that paints with a modality's colour in the current theme, for use inside shadow styles. */
export function modalityColor(modality: string | undefined): string {
  return `var(--_sl-modality-${modalityColorKey(modality)})`;
}

/** Default colours of a theme, by public property name without the `--studyline-` prefix. */
type ThemeColors = Readonly<Record<string, string>>;

const LIGHT: ThemeColors = {
  'color-background': '#ffffff',
  'color-surface': '#f4f6f8',
  'color-surface-raised': '#ffffff',
  'color-text': '#1b1f24',
  'color-text-muted': '#58606b',
  'color-border': '#7a828d',
  'color-grid': '#e3e7ec',
  'color-accent': '#0b57d0',
  'color-accent-surface': '#e8f0fe',
  'color-focus-ring': '#0b57d0',
  'color-mark-text': '#ffffff',
  'color-cluster': '#ffffff',
  'color-cluster-text': '#1b1f24',
  'color-skeleton': '#e3e7ec',
  'color-warning-surface': '#fff4d6',
  'color-warning-text': '#5c3d00',
  'color-danger-surface': '#fde7e7',
  'color-danger-text': '#8a1c1c',
  'color-tooltip': '#1b1f24',
  'color-tooltip-text': '#ffffff',
  'modality-ct': '#1f5fbf',
  'modality-mr': '#7a3fb5',
  'modality-cr': '#3b6e2e',
  'modality-dx': '#2b6857',
  'modality-us': '#0d6a7a',
  'modality-mg': '#a82d68',
  'modality-nm': '#9c4700',
  'modality-pt': '#a33a1a',
  'modality-xa': '#b3261e',
  'modality-sr': '#505a68',
  'modality-doc': '#6b5636',
  'modality-other': '#595959',
};

const DARK: ThemeColors = {
  'color-background': '#111417',
  'color-surface': '#1a1e23',
  'color-surface-raised': '#22272e',
  'color-text': '#e6e9ed',
  'color-text-muted': '#a3acb8',
  'color-border': '#6b7480',
  'color-grid': '#262c33',
  'color-accent': '#8ab4ff',
  'color-accent-surface': '#1c2a40',
  'color-focus-ring': '#8ab4ff',
  'color-mark-text': '#111417',
  'color-cluster': '#22272e',
  'color-cluster-text': '#e6e9ed',
  'color-skeleton': '#262c33',
  'color-warning-surface': '#3a2f12',
  'color-warning-text': '#ffd98a',
  'color-danger-surface': '#3b1618',
  'color-danger-text': '#ffb4ae',
  'color-tooltip': '#e6e9ed',
  'color-tooltip-text': '#111417',
  'modality-ct': '#8fb8ff',
  'modality-mr': '#c8a6ff',
  'modality-cr': '#9fd68a',
  'modality-dx': '#86d3bd',
  'modality-us': '#7fd6e6',
  'modality-mg': '#ff9ccb',
  'modality-nm': '#ffb870',
  'modality-pt': '#ffa07e',
  'modality-xa': '#ff8f87',
  'modality-sr': '#b8c0cc',
  'modality-doc': '#d7c29b',
  'modality-other': '#c4c4c4',
};

function declarations(colors: ThemeColors): CSSResult {
  const lines = Object.entries(colors).map(([name, value]) => `--_sl-${name}: var(--studyline-${name}, ${value});`);
  return unsafeCSS(lines.join('\n'));
}

const lightDeclarations = declarations(LIGHT);
const darkDeclarations = declarations(DARK);

/** Host styles that every Studyline element includes first in its `static styles`. */
export const themeStyles = css`
  :host {
    ${lightDeclarations}
    --_sl-radius: var(--studyline-radius, 6px);
    --_sl-font-size: var(--studyline-font-size, 0.875rem);
    color-scheme: light;
    font-family: var(--studyline-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', sans-serif);
    color: var(--_sl-color-text);
    background: var(--_sl-color-background);
    font-size: var(--_sl-font-size);
    line-height: 1.4;
  }

  :host([theme='dark']) {
    ${darkDeclarations}
    color-scheme: dark;
  }

  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${darkDeclarations}
      color-scheme: dark;
    }
  }

  :host([hidden]) {
    display: none !important;
  }

  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;
