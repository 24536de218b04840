/**
 * The HL7 v2 data types that XDS metadata carries as text: CX (patient
 * identifiers and referenceIdList values, there called CXi) and XON
 * (authorInstitution), with the HL7 escape sequences of `^`, `&`, `~`, `|`
 * and `\`.
 */

/** An HL7 v2 HD (hierarchic designator): an assigning authority. */
export interface HierarchicDesignator {
  namespaceId?: string;
  universalId?: string;
  universalIdType?: string;
}

/** An HL7 v2 CX identifier, as in `12345^^^&1.2.3&ISO` or `1.2.3^^^^urn:ihe:iti:xds:2016:studyInstanceUID`. */
export interface CxIdentifier {
  id: string;
  assigningAuthority?: HierarchicDesignator;
  /** CX.5, such as `urn:ihe:iti:xds:2013:accession` in a referenceIdList value. */
  identifierTypeCode?: string;
}

const ESCAPES: Readonly<Record<string, string>> = { F: '|', S: '^', T: '&', R: '~', E: '\\' };

/** Replaces HL7 escape sequences (`\S\`, `\T\`, `\F\`, `\R\`, `\E\`) by their characters; other sequences stay as sent. */
export function unescapeHl7(text: string): string {
  return text.replace(/\\([FSTRE])\\/g, (_match, code: string) => ESCAPES[code] ?? _match);
}

/** Escapes the HL7 delimiters in a component value. */
export function escapeHl7(text: string): string {
  return text.replace(/[\\|^&~]/g, (character) => {
    switch (character) {
      case '\\':
        return '\\E\\';
      case '|':
        return '\\F\\';
      case '^':
        return '\\S\\';
      case '&':
        return '\\T\\';
      default:
        return '\\R\\';
    }
  });
}

function optional(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const value = unescapeHl7(text.trim());
  return value === '' ? undefined : value;
}

/** Parses an HD written with `&` between its subcomponents, such as `&1.2.3&ISO`. */
export function parseHierarchicDesignator(text: string): HierarchicDesignator | undefined {
  const [namespaceId, universalId, universalIdType] = text.split('&');
  const designator: HierarchicDesignator = {};
  const namespace = optional(namespaceId);
  const universal = optional(universalId);
  const universalType = optional(universalIdType);
  if (namespace !== undefined) designator.namespaceId = namespace;
  if (universal !== undefined) designator.universalId = universal;
  if (universalType !== undefined) designator.universalIdType = universalType;
  return Object.keys(designator).length === 0 ? undefined : designator;
}

/** Parses a CX value. Returns undefined when it has no identifier (CX.1). */
export function parseCx(text: string): CxIdentifier | undefined {
  const components = text.split('^');
  const id = optional(components[0]);
  if (id === undefined) return undefined;
  const identifier: CxIdentifier = { id };
  const authority = components[3] === undefined ? undefined : parseHierarchicDesignator(components[3]);
  if (authority !== undefined) identifier.assigningAuthority = authority;
  const typeCode = optional(components[4]);
  if (typeCode !== undefined) identifier.identifierTypeCode = typeCode;
  return identifier;
}

/**
 * Formats a patient identifier as the CX that XDS requires: the id and an
 * assigning authority with only its ISO OID, `id^^^&1.2.3&ISO`.
 */
export function formatPatientCx(id: string, assigningAuthorityOid: string): string {
  return `${escapeHl7(id)}^^^&${escapeHl7(assigningAuthorityOid)}&ISO`;
}

/** Returns the organization name (XON.1) of an authorInstitution value, or undefined. */
export function organizationName(xon: string): string | undefined {
  return optional(xon.split('^')[0]);
}

/**
 * Returns the person's name of an XCN value (`id^family^given^middle^suffix^prefix`)
 * as a DICOM PN alphabetic group `family^given^middle^prefix^suffix`, or undefined.
 */
export function personNameFromXcn(xcn: string): string | undefined {
  const [, family, given, middle, suffix, prefix] = xcn.split('^').map((part) => optional(part) ?? '');
  const name = [family, given, middle, prefix, suffix].join('^').replace(/\^+$/, '');
  return name === '' ? undefined : name;
}

/** Returns the OID of an assigning authority written as an OID, `urn:oid:` OID, or an HD `&OID&ISO`. */
export function assigningAuthorityOid(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed.includes('&')) return parseHierarchicDesignator(trimmed)?.universalId;
  const withoutPrefix = trimmed.toLowerCase().startsWith('urn:oid:') ? trimmed.slice(8) : trimmed;
  return /^[0-9]+(\.[0-9]+)*$/.test(withoutPrefix) ? withoutPrefix : undefined;
}
