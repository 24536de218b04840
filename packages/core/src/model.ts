/**
 * The study model that every adapter produces and every element shows.
 *
 * Values are plain, serialisable objects so that hosts can cache them, send them
 * between frames or workers, and build them by hand in tests.
 */

/** How much of a date and time the source sent. */
export type TimestampPrecision = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'fraction';

/**
 * A study's date and time as the source recorded it, in the wall-clock time of
 * the place where the study took place.
 *
 * The calendar date is kept as text and placed on the time line as if it were
 * UTC, so no viewer's time zone can move a study to the previous or next day.
 */
export interface StudyTimestamp {
  /** ISO 8601 calendar date with the precision sent: `2021`, `2021-03` or `2021-03-04`. */
  date: string;
  /** ISO 8601 local time `HH:MM`, `HH:MM:SS` or `HH:MM:SS.ffffff`, when the source sent a time. */
  time?: string;
  /** The finest component that the source sent. */
  precision: TimestampPrecision;
  /** Offset from UTC in minutes, from TimezoneOffsetFromUTC (0008,0201) or a DT suffix, when sent. */
  utcOffsetMinutes?: number;
  /**
   * Position on a calendar time line: the local date and time read as UTC, in
   * milliseconds since 1970-01-01. Missing components count as their start
   * (month 1, day 1, 00:00). Sort and place by this value.
   */
  epochMs: number;
}

/** A DICOM person name (PN) with its three component groups. */
export interface PersonName {
  /** Alphabetic group, components separated by `^`: family, given, middle, prefix, suffix. */
  alphabetic?: string;
  ideographic?: string;
  phonetic?: string;
}

/** A coded concept, as in a DICOM code sequence item or an XDS classification. */
export interface CodedConcept {
  code: string;
  /** Coding scheme designator or OID, as sent (for example `SCT`, `DCM` or `2.16.840.1.113883.6.96`). */
  scheme?: string;
  meaning?: string;
}

/** Issuer of Accession Number Sequence (0008,0051), or the equivalent of another source. */
export interface AccessionIssuer {
  localId?: string;
  universalId?: string;
  universalIdType?: string;
}

/** Whether a source is the own hospital's archive or another institution's. */
export type SourceKind = 'internal' | 'external';

/** One place studies come from: an archive, a gateway, an XDS community or a FHIR server. */
export interface SourceInfo {
  /** Stable identifier, unique among the sources of one history. */
  id: string;
  /** Display name, for example the hospital's name. */
  label: string;
  kind: SourceKind;
  /** Institution that owns the archive, when it differs from the label. */
  institution?: string;
  /** XDS home community or other affinity domain, for external sources. */
  community?: string;
}

/** Where one source holds a study and how to reach it there. */
export interface StudySource {
  source: SourceInfo;
  /** RetrieveURL (0008,1190) or the source's equivalent. */
  retrieveUrl?: string;
  /** InstanceAvailability (0008,0056): ONLINE, NEARLINE, OFFLINE or UNAVAILABLE. */
  availability?: string;
  /** Data that only the adapter of this source reads, such as XDS document identifiers. */
  native?: Readonly<Record<string, unknown>>;
}

/** A pointer to a study's report. */
export interface ReportReference {
  kind: 'dicom-sr' | 'document' | 'url';
  title?: string;
  url?: string;
  mediaType?: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
}

/** Patient attributes as a source sent them with a study. */
export interface PatientInfo {
  id?: string;
  issuer?: string;
  name?: PersonName;
  /** ISO calendar date. */
  birthDate?: string;
  sex?: string;
}

/** One imaging study, possibly held by several sources. */
export interface Study {
  /** Study Instance UID without any `urn:oid:` prefix. */
  studyInstanceUid: string;
  /** Absent for an undated study, which belongs in its own lane and never at today's date. */
  timestamp?: StudyTimestamp;
  description?: string;
  accessionNumber?: string;
  accessionIssuer?: AccessionIssuer;
  /** Modalities in the study, upper case, without duplicates. */
  modalities: string[];
  /** False when no source sent the modalities: a series query can fill them in. */
  modalitiesKnown: boolean;
  /** Body parts as sent, for example BodyPartExamined values. */
  bodyParts: string[];
  /** Coded anatomic regions, when the source sends codes. */
  anatomicRegions: CodedConcept[];
  institution?: string;
  referringPhysician?: PersonName;
  /** Performing physicians, or the physicians reading the study where that is what the source sends. */
  performingPhysicians: PersonName[];
  numberOfSeries?: number;
  numberOfInstances?: number;
  patient?: PatientInfo;
  /** The sources that hold this study, internal ones first. Never empty. */
  sources: StudySource[];
  reports: ReportReference[];
  /**
   * Problems found while reading this study's attributes, in plain words and
   * without values or patient data, for example an invalid DS number.
   */
  warnings: string[];
}

/** The part of a study that an adapter needs to find it again. */
export type StudyLocator = Pick<Study, 'studyInstanceUid' | 'sources'>;

/** One series of a study. */
export interface Series {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  modality?: string;
  seriesNumber?: number;
  description?: string;
  bodyPart?: string;
  numberOfInstances?: number;
  timestamp?: StudyTimestamp;
  /** The source this series list came from. */
  sourceId: string;
  warnings: string[];
}

/** One instance of a series, as far as a listing tells. */
export interface InstanceInfo {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid?: string;
  instanceNumber?: number;
  numberOfFrames?: number;
}
