/**
 * Namespaces, identifiers and codes of XDS.b, XCA, XDS-I.b and XCA-I.
 *
 * Sources, as opened: IHE ITI TF-2 sections 3.18 (Registry Stored Query) and
 * 3.43 (Retrieve Document Set) at profiles.ihe.net/ITI/TF/Volume2/; the
 * constants of dcm4che's XDS-I client
 * (github.com/dcm4che/dcm4che, dcm4che-xdsi/src/main/java/org/dcm4che3/xdsi/XDSConstants.java).
 * The RAD-69 shapes follow the examples of the dcm4chee archive
 * (github.com/dcm4che/dcm4chee-arc-cs, docs/networking/specs/wado-ws/rad69-request.txt
 * and rad69-response.txt), and the RAD-69 and RAD-75 actions are those that
 * IPF and the NIST XDS toolkit register.
 */

/** XML namespaces, matched by URI and never by prefix. */
export const NS = {
  soap12: 'http://www.w3.org/2003/05/soap-envelope',
  soap11: 'http://schemas.xmlsoap.org/soap/envelope/',
  wsa: 'http://www.w3.org/2005/08/addressing',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  query: 'urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0',
  rim: 'urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0',
  rs: 'urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0',
  xdsb: 'urn:ihe:iti:xds-b:2007',
  xdsi: 'urn:ihe:rad:xdsi-b:2009',
  xop: 'http://www.w3.org/2004/08/xop/include',
} as const;

/** The transactions this package sends, each with its WS-Addressing action. */
export const ACTIONS = {
  'ITI-18': 'urn:ihe:iti:2007:RegistryStoredQuery',
  'ITI-38': 'urn:ihe:iti:2007:CrossGatewayQuery',
  'ITI-43': 'urn:ihe:iti:2007:RetrieveDocumentSet',
  'ITI-39': 'urn:ihe:iti:2007:CrossGatewayRetrieve',
  'RAD-69': 'urn:ihe:rad:2009:RetrieveImagingDocumentSet',
  'RAD-75': 'urn:ihe:rad:2011:CrossGatewayRetrieveImagingDocumentSet',
} as const;

export type QueryTransaction = 'ITI-18' | 'ITI-38';
export type DocumentRetrieveTransaction = 'ITI-43' | 'ITI-39';
export type ImagingRetrieveTransaction = 'RAD-69' | 'RAD-75';
export type Transaction = keyof typeof ACTIONS;

/** Stored query ids. */
export const STORED_QUERY = {
  FindDocuments: 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d',
  GetDocuments: 'urn:uuid:5c4f972b-d56b-40ac-a5fc-c8ca9b40b9d4',
} as const;

/** Classification schemes and identification schemes of a DocumentEntry. */
export const DOCUMENT_ENTRY = {
  /** objectType of a stable DocumentEntry. */
  stableType: 'urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1',
  /** objectType of an on-demand DocumentEntry. */
  onDemandType: 'urn:uuid:34268e47-fdf5-41a6-ba33-82133c465248',
  author: 'urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d',
  classCode: 'urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a',
  confidentialityCode: 'urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f',
  eventCodeList: 'urn:uuid:2c6b8cb7-8b2a-4051-b291-b1ae6a575ef4',
  formatCode: 'urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d',
  healthcareFacilityTypeCode: 'urn:uuid:f33fb8ac-18af-42cc-ae0e-ed0b0bdb91e1',
  practiceSettingCode: 'urn:uuid:cccf5598-8b07-4b77-a05e-ae952c785ead',
  typeCode: 'urn:uuid:f0306f51-975f-434e-a61c-c59651d33983',
  patientId: 'urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427',
  uniqueId: 'urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab',
} as const;

/** Identifier type codes (CX.5) of referenceIdList values. */
export const REFERENCE_ID_TYPE = {
  studyInstanceUid: 'urn:ihe:iti:xds:2016:studyInstanceUID',
  accession: 'urn:ihe:iti:xds:2013:accession',
} as const;

export const REFERENCE_ID_LIST_SLOT = 'urn:ihe:iti:xds:2013:referenceIdList';

export const AVAILABILITY_STATUS = {
  approved: 'urn:oasis:names:tc:ebxml-regrep:StatusType:Approved',
  deprecated: 'urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated',
} as const;

export const RESPONSE_STATUS = {
  success: 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success',
  failure: 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure',
  /** The IHE namespace. Some servers send `urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:PartialSuccess` instead. */
  partialSuccess: 'urn:ihe:iti:2007:ResponseStatusType:PartialSuccess',
} as const;

/** SOP Class UID of the Key Object Selection Document, the XDS-I.b manifest. */
export const KOS_SOP_CLASS_UID = '1.2.840.10008.5.1.4.1.1.88.59';

/** formatCode of an XDS-I.b manifest: the KOS SOP Class UID in the DICOM UID registry coding scheme. */
export const KOS_FORMAT_CODE = { code: KOS_SOP_CLASS_UID, scheme: '1.2.840.10008.2.6.1' } as const;

/** The DICOM coding scheme (DCM) as an OID, the scheme of modality codes in eventCodeList. */
export const DCM_CODING_SCHEME_OID = '1.2.840.10008.2.16.4';

/** Registry error codes this package acts on. */
export const ERROR_CODE = {
  tooManyResults: 'XDSTooManyResults',
  unavailableCommunity: 'XDSUnavailableCommunity',
  unknownCommunity: 'XDSUnknownCommunity',
  missingHomeCommunityId: 'XDSMissingHomeCommunityId',
  documentUniqueIdError: 'XDSDocumentUniqueIdError',
} as const;

/** Error codes that report one community as unreachable, so that only that community's list is incomplete. */
export const COMMUNITY_ERROR_CODES: ReadonlySet<string> = new Set([
  ERROR_CODE.unavailableCommunity,
  ERROR_CODE.unknownCommunity,
  ERROR_CODE.missingHomeCommunityId,
]);

/**
 * Transfer syntaxes that a RAD-69 request offers by default, most preferred
 * first: the uncompressed ones, then the compressed ones a DICOM viewer
 * commonly decodes (JPEG baseline and lossless, JPEG-LS, JPEG 2000, RLE).
 */
export const DEFAULT_TRANSFER_SYNTAXES: readonly string[] = [
  '1.2.840.10008.1.2.1',
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.81',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.5',
];
