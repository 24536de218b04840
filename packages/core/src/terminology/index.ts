export { normalizeCode, normalizeCodingScheme, sameCodingScheme, type NormalizedCode } from './coding-schemes.js';
export { TerminologyConfigError, parseTerminologyConfig, type NamesConfig, type TerminologyConfig } from './config.js';
export {
  OTHER_MODALITY_GROUP,
  Terminology,
  createTerminology,
  defaultTerminology,
  localizedName,
  terminologyLookupKey,
} from './terminology.js';
export type { BodyRegion, LocalizedNames, ModalityGroup, ModalityInfo, ModalityKind, StudyAnatomy } from './types.js';
