export { createSampleGateway } from './server.js';
export type { GatewayLogger, GatewaySource, SampleGateway, SampleGatewayOptions } from './server.js';
export type { SourceFaults } from './faults.js';
export type { UpstreamOptions } from './proxy.js';
export type { RequestLogEntry } from './request-log.js';
export { RequestLog } from './request-log.js';
export { InstanceStore, type InstanceRecord } from './store.js';
export {
  DEFAULT_SAMPLE_DATA_DIR,
  DEFAULT_SEED,
  SAMPLE_DATA_VERSION,
  ensureSampleData,
  type SampleDataOptions,
  type SampleDataResult,
} from './generate-samples.js';
export {
  SAMPLE_PATIENT,
  SAMPLE_SOURCES,
  SAMPLE_STUDIES,
  type SampleSourceDefinition,
  type SeriesPlan,
  type StudyPlan,
} from './sample-history.js';
export { SAMPLE_UID_ROOT, deriveUid } from './uid.js';
export { SAMPLE_XDS_COMMUNITIES, XDS_PATIENT_ASSIGNING_AUTHORITY, type XdsCommunityDefinition } from './xds/communities.js';
export { XdsEnvironment, type XdsEnvironmentOptions } from './xds/xds-environment.js';
