import type { PersonName } from './model.js';

/**
 * Formats a person name for display as "Family, Given Middle", with a prefix
 * before the given names and a suffix after a comma ("Doe, Dr. Jane, Jr.").
 * Falls back to the ideographic and phonetic groups when there is no
 * alphabetic one. Returns an empty string when there is no name.
 */
export function formatPersonName(name: PersonName | undefined): string {
  const group = name?.alphabetic ?? name?.ideographic ?? name?.phonetic;
  if (group === undefined) return '';
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = group.split('^').map((part) => part.trim());
  const forenames = [prefix, given, middle].filter((part) => part !== '').join(' ');
  let text = family;
  if (forenames !== '') text = text === '' ? forenames : `${text}, ${forenames}`;
  if (suffix !== '') text = text === '' ? suffix : `${text}, ${suffix}`;
  return text;
}
