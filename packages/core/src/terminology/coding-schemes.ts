/**
 * Coding scheme designators: one canonical mnemonic for each way of writing
 * the same coding system.
 *
 * DICOM names a coding system by its mnemonic (`SCT`) or its OID
 * (`2.16.840.1.113883.6.96`), HL7 v2 and CDA by OID (sometimes as
 * `urn:oid:…`), FHIR by URI (`http://snomed.info/sct`). Mnemonics and OIDs
 * follow PS3.16 Table 8-1 ("Coding Schemes"), as transcribed in
 * `input/fsh/CodeSystem-ControlledTerminologyDefinitions.fsh` of
 * github.com/bvdh/dicom-terminology-in-fhir. FHIR URIs are those of
 * terminology.hl7.org.
 */

/** Writings of each coding system, keyed by the canonical DICOM mnemonic. */
const SCHEME_ALIASES: Readonly<Record<string, readonly string[]>> = {
  SCT: ['SCT', 'SNOMED', 'SNOMED CT', 'SNOMED-CT', 'SNOMEDCT', 'SNOMED_CT', '2.16.840.1.113883.6.96', 'http://snomed.info/sct'],
  // SNOMED-RT style codes ("T-D4000"). DICOM gives SRT the SNOMED CT OID too; see `normalizeCodedConcept`.
  SRT: ['SRT', 'SNOMED-RT', 'SNOMEDRT'],
  SNM3: ['SNM3', 'SNOMED3', 'SNOMED V3', '2.16.840.1.113883.6.51'],
  DCM: ['DCM', 'DICOM', '1.2.840.10008.2.16.4', 'http://dicom.nema.org/resources/ontology/DCM'],
  LN: ['LN', 'LOINC', '2.16.840.1.113883.6.1', 'http://loinc.org'],
  // NOTE: RadLex has no FHIR URI in terminology.hl7.org; both spellings below are in use in implementation guides.
  RADLEX: ['RADLEX', 'RID', '2.16.840.1.113883.6.256', 'http://radlex.org', 'http://www.radlex.org'],
  UMLS: ['UMLS', '2.16.840.1.113883.6.86'],
  FMA: ['FMA', '2.16.840.1.113883.6.119'],
  NCIT: ['NCIT', 'NCI', '2.16.840.1.113883.3.26.1.1', 'http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl'],
  UCUM: ['UCUM', '2.16.840.1.113883.6.8', 'http://unitsofmeasure.org'],
  I10: ['I10', 'ICD10', 'ICD-10', '2.16.840.1.113883.6.3', 'http://hl7.org/fhir/sid/icd-10'],
  C4: ['C4', 'CPT', 'CPT-4', '2.16.840.1.113883.6.12', 'http://www.ama-assn.org/go/cpt'],
};

const CANONICAL_BY_ALIAS = new Map<string, string>();
for (const [canonical, aliases] of Object.entries(SCHEME_ALIASES)) {
  for (const alias of aliases) CANONICAL_BY_ALIAS.set(aliasKey(alias), canonical);
}

/** Lower case, without a `urn:oid:` prefix, trailing slashes or surrounding spaces. */
function aliasKey(scheme: string): string {
  let key = scheme.trim().toLowerCase();
  if (key.startsWith('urn:oid:')) key = key.slice('urn:oid:'.length);
  if (key.startsWith('https://')) key = `http://${key.slice('https://'.length)}`;
  return key.replace(/\/+$/, '');
}

/**
 * Returns the canonical mnemonic of a coding scheme written as a mnemonic,
 * an OID (with or without `urn:oid:`) or a FHIR system URI, case-insensitive:
 * `2.16.840.1.113883.6.96`, `urn:oid:2.16.840.1.113883.6.96`,
 * `http://snomed.info/sct` and `snomed-ct` all give `SCT`. An unknown scheme
 * comes back trimmed, upper case for a mnemonic and unchanged for an OID or
 * URI, so that two writings of it still compare equal when they match.
 * Returns `undefined` for a missing or blank scheme.
 */
export function normalizeCodingScheme(scheme: string | undefined | null): string | undefined {
  if (typeof scheme !== 'string') return undefined;
  const trimmed = scheme.trim();
  if (trimmed === '') return undefined;
  const canonical = CANONICAL_BY_ALIAS.get(aliasKey(trimmed));
  if (canonical !== undefined) return canonical;
  const key = aliasKey(trimmed);
  // An OID or a URI keeps its case-folded form; a local mnemonic is upper case.
  return /^[0-9.]+$/.test(key) || key.includes(':') ? key : trimmed.toUpperCase();
}

/** Returns whether two scheme writings name the same coding system. */
export function sameCodingScheme(a: string | undefined | null, b: string | undefined | null): boolean {
  const left = normalizeCodingScheme(a);
  return left !== undefined && left === normalizeCodingScheme(b);
}

/** A code with its scheme reduced to the canonical mnemonic. */
export interface NormalizedCode {
  /** Canonical mnemonic (`SCT`, `DCM`, …), or the normalised unknown scheme, or undefined when none was sent. */
  scheme: string | undefined;
  /** The code value, trimmed. */
  code: string;
}

/**
 * Normalises the scheme and code of a coded concept. SNOMED-RT style values
 * such as `T-D4000` sent under the shared SNOMED OID or the `SCT` mnemonic
 * are given the `SRT` scheme, because PS3.16 assigns one OID to both.
 */
export function normalizeCode(scheme: string | undefined | null, code: string): NormalizedCode {
  const value = code.trim();
  let canonical = normalizeCodingScheme(scheme);
  if (canonical === 'SCT' && /^[A-Z]-[0-9A-Z]+$/i.test(value)) canonical = 'SRT';
  if (canonical === 'SRT' && /^\d+$/.test(value)) canonical = 'SCT';
  return { scheme: canonical, code: canonical === 'SRT' ? value.toUpperCase() : value };
}
