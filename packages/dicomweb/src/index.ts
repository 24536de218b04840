export { DicomWebAdapter, STUDY_INCLUDE_FIELDS, SERIES_INCLUDE_FIELDS, type DicomWebAdapterOptions, type GatewayRule } from './dicomweb-adapter.js';
export { fetchQidoPage, queryAllPages, missingCountFromWarning, type QidoPage, type PagedQuery, type PagedResult } from './qido.js';
export { readStoreResponse, storeInstances, describeFailureReason } from './stow.js';
export { retrieveInstances, PART10_ACCEPT, type RetrieveRequest } from './wado.js';
export { addInstanceEstimate, pixelDataBytes, type SizeTotals } from './size-estimate.js';
export { ThumbnailSupport, requestThumbnail, THUMBNAIL_UNSUPPORTED_STATUSES, type ThumbnailAttempt, type ThumbnailFetch } from './thumbnail.js';
