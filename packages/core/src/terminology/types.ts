/**
 * Types of the shared terminology: modality groups, modalities and body
 * regions with display names per language.
 */

/**
 * Display names by language tag (`en`, `nl`, `pt-BR`), matched
 * case-insensitively. English is required and is the fallback.
 */
export type LocalizedNames = Readonly<Record<string, string>> & { readonly en: string };

/**
 * The kind of objects a modality produces: images, waveforms (ECG,
 * hemodynamics), reports and documents (SR, DOC), or other non-image objects
 * (key object selections, presentation states, segmentations, RT plans and
 * the like).
 */
export type ModalityKind = 'image' | 'waveform' | 'report' | 'object';

/** A group of modalities that a filter offers as one choice, for example X-ray for CR, DX and DR. */
export interface ModalityGroup {
  /** Stable identifier, for example `xray` or `reports`. */
  readonly id: string;
  /** The kind of most of the group's modalities; image groups come before the others in `modalityGroups`. */
  readonly kind: ModalityKind;
  readonly names: LocalizedNames;
}

/** A modality code as the terminology reads it. */
export interface ModalityInfo {
  /**
   * The DICOM defined term that the code stands for: `DX` for `DR`, `PT` for
   * `PET`. A retired defined term such as `ST` stays itself. An unknown code
   * is the code as sent, trimmed and upper case.
   */
  readonly code: string;
  /** The code as sent, trimmed. */
  readonly sent: string;
  /** False for a code that neither DICOM nor the configuration defines; it is kept and shown as sent. */
  readonly known: boolean;
  /** True for a defined term that DICOM has retired. */
  readonly retired: boolean;
  /** The group the code belongs to; unknown codes belong to `other`. */
  readonly group: ModalityGroup;
  /** Undefined for an unknown code. */
  readonly kind: ModalityKind | undefined;
  /** The modality's name; for an unknown code, the code as sent. */
  readonly names: LocalizedNames;
}

/** One anatomic region of the shared region list, for example `chest` or `lower-extremity`. */
export interface BodyRegion {
  readonly id: string;
  readonly names: LocalizedNames;
}

/** The regions that a study's body parts and anatomic region codes map to. */
export interface StudyAnatomy {
  /** Known regions without duplicates, in the order of `Terminology.bodyRegions`. */
  readonly regions: readonly BodyRegion[];
  /**
   * Body parts and codes that map to no region, as display text: the
   * BodyPartExamined value as sent, or a code's meaning (else `scheme code`).
   */
  readonly unmapped: readonly string[];
}
