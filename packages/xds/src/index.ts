export {
  XdsAdapter,
  XdsQueryError,
  type InstanceRenderer,
  type XdsAdapterOptions,
  type XdsCommunityOptions,
  type XdsRepositoryEndpoints,
} from './xds-adapter.js';
export {
  readDocumentEntry,
  readRegistryErrors,
  readResponseStatus,
  readStoredQueryResponse,
  describeRegistryErrors,
  slotValues,
  type DocumentAuthor,
  type DocumentEntry,
  type ObjectReference,
  type RegistryErrorInfo,
  type RegistryStatus,
  type ResponseStatus,
  type StoredQueryResult,
} from './ebrim.js';
export {
  assigningAuthorityOid,
  escapeHl7,
  formatPatientCx,
  organizationName,
  parseCx,
  parseHierarchicDesignator,
  unescapeHl7,
  type CxIdentifier,
  type HierarchicDesignator,
} from './hl7.js';
export {
  modalityOfSopClass,
  readImagingManifest,
  type ImagingManifest,
  type ManifestInstance,
  type ManifestSeries,
  type ManifestStudy,
} from './manifest.js';
export { buildMtomPackage, contentIdFromHref, normalizeContentId, openMtomMessage, type MtomAttachment, type MtomMessage } from './mtom.js';
export {
  buildFindDocumentsRequest,
  buildGetDocumentsRequest,
  findDocuments,
  quoteValue,
  runStoredQuery,
  type FindDocumentsOutcome,
  type FindDocumentsParameters,
  type QueryEndpoint,
  type ReturnType,
} from './query.js';
export {
  buildRetrieveDocumentSetRequest,
  buildRetrieveImagingDocumentSetRequest,
  readRetrieveResponse,
  retrieveDocumentSet,
  retrieveImagingDocuments,
  type DocumentReference,
  type DocumentResponseInfo,
  type ImagingDocumentReference,
  type ImagingRetrieveGroup,
  type MissingDocument,
  type RetrievedDocument,
  type XdsInstanceStream,
  type XdsRetrieveResult,
} from './retrieve.js';
export {
  SoapFaultError,
  buildEnvelope,
  checkAssertion,
  readFault,
  sendSoap,
  soapBodyElement,
  type SecurityHeaderHook,
  type SecurityHeaderRequest,
  type SoapResult,
} from './soap.js';
export {
  SERVICE_TIME_UNKNOWN_WARNING,
  UNDATED_WARNING,
  classifyEventCodes,
  manifestsOf,
  studiesFromEntries,
  studyInstanceUidsOf,
  timestampFromDtm,
  type ManifestReference,
  type XdsStudyNative,
} from './studies.js';
export * from './vocabulary.js';
