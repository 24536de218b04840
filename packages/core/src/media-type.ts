/**
 * Parsing and building of media types with parameters (RFC 9110 section 8.3.1),
 * as used in DICOMweb Content-Type and Accept headers.
 */

export interface MediaType {
  /** Type and subtype in lower case, for example `multipart/related`. */
  type: string;
  /** Parameters by lower-case name, values unquoted. The first occurrence of a name wins. */
  parameters: Map<string, string>;
}

const TOKEN_CHARACTERS = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Parses a media type such as `Multipart/Related; Type="application/dicom"; BOUNDARY="uuid:0a1b"`.
 * Parameter names are case-insensitive, quoted values may contain `;`, `=`
 * and escaped characters, and malformed parameters are skipped.
 */
export function parseMediaType(header: string): MediaType {
  let index = header.indexOf(';');
  const type = (index === -1 ? header : header.slice(0, index)).trim().toLowerCase();
  const parameters = new Map<string, string>();
  if (index === -1) return { type, parameters };

  const length = header.length;
  while (index < length) {
    // Skip the ';' and whitespace before the name.
    index++;
    while (index < length && (header[index] === ' ' || header[index] === '\t' || header[index] === ';')) index++;
    const nameStart = index;
    while (index < length && header[index] !== '=' && header[index] !== ';') index++;
    const name = header.slice(nameStart, index).trim().toLowerCase();
    if (index >= length || header[index] === ';') {
      index--;
      if (index < nameStart) index = nameStart;
      // A parameter without '=' is malformed and skipped.
      while (index < length && header[index] !== ';') index++;
      continue;
    }
    index++; // '='
    while (index < length && (header[index] === ' ' || header[index] === '\t')) index++;
    let value = '';
    if (header[index] === '"') {
      index++;
      while (index < length && header[index] !== '"') {
        if (header[index] === '\\' && index + 1 < length) index++;
        value += header[index];
        index++;
      }
      index++; // closing quote
      while (index < length && header[index] !== ';') index++;
    } else {
      const valueStart = index;
      while (index < length && header[index] !== ';') index++;
      value = header.slice(valueStart, index).trim();
    }
    if (name !== '' && !parameters.has(name)) parameters.set(name, value);
  }
  return { type, parameters };
}

/** Quotes a parameter value unless it is a token. */
export function quoteParameter(value: string): string {
  if (TOKEN_CHARACTERS.test(value)) return value;
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}

/** Formats a media type with parameters, quoting values that are not tokens (so `type="application/dicom"`). */
export function formatMediaType(type: string, parameters: Iterable<[string, string]> = []): string {
  let text = type;
  for (const [name, value] of parameters) text += `; ${name}=${quoteParameter(value)}`;
  return text;
}

/** One media range of a DICOMweb Accept header. */
export interface AcceptRange {
  mediaType: string;
  /** A transfer syntax UID, or `*` for any. */
  transferSyntax?: string;
  /** Quality value, 0 to 1. */
  quality?: number;
}

/**
 * Builds a DICOMweb Accept header with one `transfer-syntax` per media range,
 * outside the quoted `type` (PS3.18 section 8.7.3):
 * `multipart/related; type="application/dicom"; transfer-syntax=*`.
 */
export function buildAcceptHeader(ranges: readonly AcceptRange[], multipart = true): string {
  return ranges
    .map((range) => {
      const parameters: [string, string][] = [];
      if (multipart) parameters.push(['type', range.mediaType]);
      if (range.transferSyntax !== undefined) parameters.push(['transfer-syntax', range.transferSyntax]);
      if (range.quality !== undefined) parameters.push(['q', String(range.quality)]);
      return formatMediaType(multipart ? 'multipart/related' : range.mediaType, parameters);
    })
    .join(', ');
}

/**
 * Creates a multipart boundary made only of token characters, which servers
 * accept quoted or not.
 */
export function createBoundary(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return `studyline-${hex}`;
}
