/**
 * The XDS-I.b adapter: an imaging document consumer that finds a patient's
 * manifests in one or more communities, shows each community as a source of
 * its own, and retrieves the images through the manifests.
 *
 * Two topologies work, also side by side. Direct: each community has its own
 * query endpoint, a registry (ITI-18) or a Responding Gateway (ITI-38).
 * Through an Initiating Gateway: several communities share one ITI-18
 * endpoint, whose response names each entry's community in its `home`
 * attribute. It reports an unreachable community with
 * `XDSUnavailableCommunity`, which makes only that community incomplete.
 */
import {
  StudylineError,
  createHttpClient,
  defaultTerminology,
  isAbortError,
  isoDateToDicom,
  mergeStudies,
  normalizeUid,
  sortStudiesNewestFirst,
  timeZoneOffsetMinutes,
  withOtherPatientNote,
  withoutOtherPatients,
  warnOnce,
  type AuthHook,
  type CodedConcept,
  type DicomInstance,
  type HttpClient,
  type InstanceInfo,
  type PatientIdentifier,
  type RenderedImageRequest,
  type RequestOptions,
  type RetrieveOptions,
  type RetryAfterInfo,
  type SearchOptions,
  type Series,
  type SourceInfo,
  type SourceOutcome,
  type SourceStatus,
  type StoreResult,
  type Study,
  type StudyLocator,
  type StudySearchQuery,
  type StudySearchResult,
  type StudylineAdapter,
  type Terminology,
} from '@studyline/core';
import { describeRegistryErrors, type DocumentEntry, type RegistryErrorInfo } from './ebrim.js';
import { assigningAuthorityOid, formatPatientCx } from './hl7.js';
import { modalityOfSopClass, readImagingManifest, type ImagingManifest, type ManifestSeries } from './manifest.js';
import { findDocuments, type FindDocumentsOutcome } from './query.js';
import {
  retrieveDocumentSet,
  retrieveImagingDocuments,
  type ImagingDocumentReference,
  type ImagingRetrieveGroup,
  type MissingDocument,
  type XdsInstanceStream,
  type XdsRetrieveResult,
} from './retrieve.js';
import type { SecurityHeaderHook } from './soap.js';
import { manifestsOf, studiesFromEntries, withStudyInstanceUid, type ManifestReference } from './studies.js';
import {
  COMMUNITY_ERROR_CODES,
  DCM_CODING_SCHEME_OID,
  DEFAULT_TRANSFER_SYNTAXES,
  ERROR_CODE,
  type DocumentRetrieveTransaction,
  type ImagingRetrieveTransaction,
  type QueryTransaction,
} from './vocabulary.js';

/** Endpoints of one repository that differ from its community's defaults. */
export interface XdsRepositoryEndpoints {
  documentRetrieveUrl?: string;
  imagingRetrieveUrl?: string;
}

/** One community (or one XDS affinity domain) and how to reach it. */
export interface XdsCommunityOptions {
  /** The source the timeline shows for this community. Its `community` defaults to `homeCommunityId`. */
  source: SourceInfo;
  /** The community's homeCommunityId, `urn:oid:…`. Required for ITI-38, ITI-39 and RAD-75, and for sharing a query endpoint. */
  homeCommunityId?: string;
  /** OID of the assigning authority of the patient identifiers in the community (the affinity domain's). */
  patientAssigningAuthority: string;
  /** Registry or Initiating Gateway (ITI-18), or Responding Gateway (ITI-38). */
  queryUrl: string;
  /** Default `ITI-18`. */
  queryTransaction?: QueryTransaction;
  /** Endpoint for manifests: a repository or Initiating Gateway (ITI-43), or a Responding Gateway (ITI-39). */
  documentRetrieveUrl: string;
  /** Default `ITI-43`. */
  documentRetrieveTransaction?: DocumentRetrieveTransaction;
  /** Endpoint for images: an Imaging Document Source or Initiating Imaging Gateway (RAD-69), or a Responding Imaging Gateway (RAD-75). */
  imagingRetrieveUrl: string;
  /** Default `RAD-69`. */
  imagingRetrieveTransaction?: ImagingRetrieveTransaction;
  /** Endpoints per repositoryUniqueId, for repositories that the defaults do not reach. */
  repositories?: Readonly<Record<string, XdsRepositoryEndpoints>>;
}

/** Renders a retrieved instance for `fetchRenderedImage`, for hosts that have a DICOM decoder. */
export type InstanceRenderer = (instance: DicomInstance, request: RenderedImageRequest, options: RequestOptions) => Promise<Blob>;

export interface XdsAdapterOptions {
  communities: readonly XdsCommunityOptions[];
  /** Called before every HTTP request; returns headers such as Authorization or a proxy's assertion header. */
  auth?: AuthHook;
  /** Returns the XUA SAML assertion for each SOAP request's WS-Security header. */
  securityHeader?: SecurityHeaderHook;
  fetch?: typeof fetch;
  maxRetryAfterSeconds?: number;
  onRetryAfter?: (info: RetryAfterInfo) => void;
  /** The terminology that sorts eventCodeList codes into modalities and anatomic regions. Default: the built-in one. */
  terminology?: Terminology;
  /** Coding scheme of the modality codes sent in `$XDSDocumentEntryEventCodeList`. Default the DCM OID `1.2.840.10008.2.16.4`. */
  modalityCodingScheme?: string;
  /** Entries per GetDocuments request after `XDSTooManyResults`. Default 50. */
  getDocumentsBatchSize?: number;
  /** Instances per RAD-69 or RAD-75 request. Default 200. */
  retrieveBatchSize?: number;
  /** Transfer syntaxes offered in RAD-69 requests, most preferred first. */
  transferSyntaxes?: readonly string[];
  /** Manifests without a Study Instance UID in referenceIdList that a search retrieves to read it. Default 20. */
  maxManifestLookups?: number;
  /**
   * IANA time zone, such as `Europe/Amsterdam`, in which studies' times are
   * shown. XDS metadata sends them in UTC, while DICOM's StudyTime is local.
   * Default: the runtime's zone, which in a browser is the viewer's.
   */
  timeZone?: string;
  /** Stop after this many studies per community and report it as incomplete. Default 5,000. */
  maxResults?: number;
  /** Without it `fetchRenderedImage` rejects with code `not-supported`. */
  renderer?: InstanceRenderer;
  /**
   * Finds the patient's identifier in the affinity domain (a PIX or PDQ
   * lookup, or a fixed mapping) when the search gives none with the
   * community's assigning authority. Returns undefined when the patient is
   * not known there.
   */
  resolvePatient?: (
    identifiers: readonly PatientIdentifier[],
    assigningAuthority: string,
    options: RequestOptions,
  ) => Promise<PatientIdentifier | undefined>;
}

interface Community {
  options: XdsCommunityOptions;
  source: SourceInfo;
  http: HttpClient;
  queryTransaction: QueryTransaction;
  documentRetrieveTransaction: DocumentRetrieveTransaction;
  imagingRetrieveTransaction: ImagingRetrieveTransaction;
}

const CROSS_COMMUNITY: ReadonlySet<string> = new Set(['ITI-38', 'ITI-39', 'RAD-75']);
const MANIFEST_CACHE_SIZE = 64;
const MANIFEST_LOOKUP_CONCURRENCY = 4;

/** Compares homeCommunityIds written with or without `urn:oid:`, case-insensitively. */
function sameCommunity(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return normalizeUid(a).toLowerCase() === normalizeUid(b).toLowerCase();
}

function pickIdentifier(patient: StudySearchQuery['patient'], authorityOid: string): PatientIdentifier | undefined {
  const identifiers: readonly PatientIdentifier[] = Array.isArray(patient) ? patient : [patient as PatientIdentifier];
  return identifiers.find((identifier) => assigningAuthorityOid(identifier.issuer) === authorityOid);
}

/** Returns the day after an ISO date as DTM `YYYYMMDD`, the exclusive end of an inclusive date range. */
function dayAfter(isoDate: string): string | undefined {
  const dicom = isoDateToDicom(isoDate);
  if (dicom === undefined) return undefined;
  const date = new Date(Date.UTC(Number(dicom.slice(0, 4)), Number(dicom.slice(4, 6)) - 1, Number(dicom.slice(6, 8)) + 1));
  return date.toISOString().slice(0, 10).replaceAll('-', '');
}

function matchesDateRange(study: Study, range: StudySearchQuery['dateRange']): boolean {
  if (range === undefined || (range.from === undefined && range.to === undefined)) return true;
  if (study.timestamp === undefined) return false;
  const date = study.timestamp.date;
  if (range.from !== undefined && date < range.from.slice(0, date.length)) return false;
  if (range.to !== undefined && date > range.to.slice(0, date.length)) return false;
  return true;
}

function matchesModalities(study: Study, modalities: readonly string[] | undefined): boolean {
  if (modalities === undefined || modalities.length === 0 || !study.modalitiesKnown) return true;
  const requested = modalities.map((modality) => modality.toUpperCase());
  return study.modalities.some((modality) => requested.includes(modality));
}

/** A failed registry query: status Failure, with the registry's errors. */
export class XdsQueryError extends StudylineError {
  readonly registryErrors: readonly RegistryErrorInfo[];
  constructor(message: string, registryErrors: readonly RegistryErrorInfo[]) {
    super('rejected', message);
    this.registryErrors = registryErrors;
  }
}

/** A StudylineAdapter over XDS-I.b communities. Read-only: `storeInstances` rejects. */
export class XdsAdapter implements StudylineAdapter {
  readonly sources: readonly SourceInfo[];
  private readonly communities: readonly Community[];
  private readonly options: XdsAdapterOptions;
  private readonly terminology: Terminology;
  private readonly timeZone: string | undefined;
  private readonly manifestCache = new Map<string, Promise<ImagingManifest>>();

  constructor(options: XdsAdapterOptions) {
    if (options.communities.length === 0) throw new StudylineError('invalid-argument', 'XdsAdapter needs at least one community.');
    this.options = options;
    this.terminology = options.terminology ?? defaultTerminology();
    this.timeZone = options.timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
    try {
      if (this.timeZone !== undefined) timeZoneOffsetMinutes(0, this.timeZone);
    } catch {
      throw new StudylineError('invalid-argument', `XdsAdapter's timeZone "${this.timeZone}" is not an IANA time zone, such as Europe/Amsterdam.`);
    }
    this.communities = options.communities.map((community) => this.createCommunity(community));
    this.sources = this.communities.map((community) => community.source);
  }

  private createCommunity(options: XdsCommunityOptions): Community {
    const label = options.source.label || options.source.id;
    for (const [name, value] of [['queryUrl', options.queryUrl], ['documentRetrieveUrl', options.documentRetrieveUrl], ['imagingRetrieveUrl', options.imagingRetrieveUrl]]) {
      if (typeof value !== 'string' || value === '') throw new StudylineError('invalid-argument', `Community "${label}" needs ${name}.`);
    }
    if (assigningAuthorityOid(options.patientAssigningAuthority) === undefined) {
      throw new StudylineError('invalid-argument', `Community "${label}" needs patientAssigningAuthority as an OID, such as 1.2.3.4.`);
    }
    const community: Community = {
      options,
      source: { ...options.source, community: options.source.community ?? options.homeCommunityId },
      http: createHttpClient({
        auth: this.options.auth,
        fetch: this.options.fetch,
        sourceId: options.source.id,
        maxRetryAfterSeconds: this.options.maxRetryAfterSeconds,
        onRetryAfter: this.options.onRetryAfter,
      }),
      queryTransaction: options.queryTransaction ?? 'ITI-18',
      documentRetrieveTransaction: options.documentRetrieveTransaction ?? 'ITI-43',
      imagingRetrieveTransaction: options.imagingRetrieveTransaction ?? 'RAD-69',
    };
    for (const transaction of [community.queryTransaction, community.documentRetrieveTransaction, community.imagingRetrieveTransaction]) {
      if (CROSS_COMMUNITY.has(transaction) && options.homeCommunityId === undefined) {
        throw new StudylineError('invalid-argument', `Community "${label}" uses ${transaction}, which needs its homeCommunityId.`);
      }
    }
    return community;
  }

  private communityOfSource(sourceId: string): Community | undefined {
    return this.communities.find((community) => community.source.id === sourceId);
  }

  // Search.

  async searchStudies(query: StudySearchQuery, options: SearchOptions = {}): Promise<StudySearchResult> {
    options.signal?.throwIfAborted();
    const groups = new Map<string, Community[]>();
    for (const community of this.communities) {
      const key = `${community.queryTransaction} ${community.options.queryUrl} ${community.options.patientAssigningAuthority}`;
      groups.set(key, [...(groups.get(key) ?? []), community]);
    }

    const studyLists = new Map<Community, Study[]>();
    const outcomes = new Map<Community, SourceOutcome>();
    const combine = (): StudySearchResult => ({
      studies: mergeStudies(this.communities.map((community) => studyLists.get(community) ?? [])),
      sources: this.communities.flatMap((community) => outcomes.get(community) ?? []),
    });

    await Promise.all(
      [...groups.values()].map(async (group) => {
        const results = await this.searchGroup(group, query, options);
        options.signal?.throwIfAborted();
        for (const [community, result] of results) {
          studyLists.set(community, result.studies);
          outcomes.set(community, result.outcome);
        }
        if (options.onPartialResult !== undefined) {
          const pending = this.communities.filter((community) => !outcomes.has(community)).map((community) => community.source);
          options.onPartialResult(combine(), pending);
        }
      }),
    );
    return combine();
  }

  /** Queries the communities that share one endpoint, and splits the response among them. */
  private async searchGroup(
    group: readonly Community[],
    query: StudySearchQuery,
    options: SearchOptions,
  ): Promise<Map<Community, { studies: Study[]; outcome: SourceOutcome }>> {
    const results = new Map<Community, { studies: Study[]; outcome: SourceOutcome }>();
    const failAll = (error: StudylineError): Map<Community, { studies: Study[]; outcome: SourceOutcome }> => {
      for (const community of group) results.set(community, { studies: [], outcome: { source: community.source, studyCount: 0, status: { state: 'failed', error } } });
      return results;
    };

    const first = group[0];
    const authority = assigningAuthorityOid(first.options.patientAssigningAuthority) as string;
    let identifier = pickIdentifier(query.patient, authority);
    if (identifier === undefined && this.options.resolvePatient !== undefined) {
      const identifiers: readonly PatientIdentifier[] = Array.isArray(query.patient) ? query.patient : [query.patient as PatientIdentifier];
      try {
        identifier = await this.options.resolvePatient(identifiers, authority, { signal: options.signal });
      } catch (error) {
        if (isAbortError(error) || options.signal?.aborted) throw options.signal?.reason ?? error;
        return failAll(new StudylineError('network', `The patient lookup for ${first.source.label} failed.`, { cause: error }));
      }
    }
    if (identifier === undefined) {
      return failAll(new StudylineError('invalid-argument', `No patient identifier with the assigning authority ${authority}, which ${first.source.label} needs.`));
    }

    const eventCodes: CodedConcept[] = (query.modalities ?? []).map((modality) => ({
      code: modality.toUpperCase(),
      scheme: this.options.modalityCodingScheme ?? DCM_CODING_SCHEME_OID,
    }));
    const from = query.dateRange?.from === undefined ? undefined : isoDateToDicom(query.dateRange.from);
    const to = query.dateRange?.to === undefined ? undefined : dayAfter(query.dateRange.to);

    let outcome: FindDocumentsOutcome;
    try {
      // NOTE: with a date range the registry drops entries without serviceStartTime, which would otherwise be dated by creationTime.
      outcome = await findDocuments(
        {
          http: first.http,
          url: first.options.queryUrl,
          transaction: first.queryTransaction,
          securityHeader: this.options.securityHeader,
          sourceId: first.source.id,
          signal: options.signal,
          onRetryAfter: options.onRetryAfter,
          priority: options.priority,
        },
        { patientId: formatPatientCx(identifier.id, authority), serviceStartTimeFrom: from, serviceStartTimeTo: to, eventCodes },
        this.options.getDocumentsBatchSize ?? 50,
      );
    } catch (error) {
      if (isAbortError(error) || options.signal?.aborted) throw options.signal?.reason ?? error;
      return failAll(error instanceof StudylineError ? error : new StudylineError('network', `The search at ${first.source.label} failed.`, { cause: error }));
    }
    if (outcome.nonStandardStatus) {
      warnOnce(`The registry at ${first.options.queryUrl} sent PartialSuccess as "${outcome.statusUrn}"; it is read as a partial success.`);
    }

    // Entries go to the community their home attribute names; a single community takes every entry.
    const entriesByCommunity = new Map<Community, DocumentEntry[]>(group.map((community) => [community, []]));
    let unassigned = 0;
    for (const entry of outcome.documents) {
      const owner = group.length === 1 ? first : group.find((community) => sameCommunity(community.options.homeCommunityId, entry.homeCommunityId));
      if (owner === undefined) unassigned++;
      else entriesByCommunity.get(owner)?.push(entry);
    }

    for (const community of group) {
      const entries = await this.resolveStudyUids(community, entriesByCommunity.get(community) ?? [], options.signal);
      const mapped = studiesFromEntries(entries.entries, community.source, this.terminology, this.timeZone);
      // IDs only: an entry may name its assigning authority by namespace instead of the OID that the query used.
      const { studies: ownStudies, otherPatientCount } = withoutOtherPatients(mapped.studies, [{ id: identifier.id }]);
      let studies = sortStudiesNewestFirst(ownStudies.filter((study) => matchesDateRange(study, query.dateRange) && matchesModalities(study, query.modalities)));
      const maxResults = query.maxResults ?? this.options.maxResults ?? 5000;
      const limitReached = studies.length > maxResults;
      if (limitReached) studies = studies.slice(0, maxResults);
      const status = this.communityStatus(community, group, outcome, {
        unreadable: entries.unresolved + (group.length === 1 ? outcome.unreadable : 0),
        unassigned: community === first ? unassigned : 0,
        limitReached,
        maxResults,
      });
      results.set(community, { studies, outcome: { source: community.source, studyCount: studies.length, status: withOtherPatientNote(status, otherPatientCount) } });
    }
    return results;
  }

  /** Works out one community's status from the registry's status and errors. */
  private communityStatus(
    community: Community,
    group: readonly Community[],
    outcome: FindDocumentsOutcome,
    counts: { unreadable: number; unassigned: number; limitReached: boolean; maxResults: number },
  ): SourceStatus {
    const configured = (location: string | undefined): boolean => group.some((member) => sameCommunity(member.options.homeCommunityId, location));
    const own: RegistryErrorInfo[] = [];
    const general: RegistryErrorInfo[] = [];
    for (const error of outcome.errors) {
      if (error.location !== undefined && configured(error.location)) {
        if (sameCommunity(error.location, community.options.homeCommunityId)) own.push(error);
      } else if (COMMUNITY_ERROR_CODES.has(error.errorCode)) {
        // A community error without a configured location concerns this community only when it is alone at its endpoint.
        if (group.length === 1 || error.location === undefined) own.push(error);
      } else {
        general.push(error);
      }
    }

    if (own.some((error) => COMMUNITY_ERROR_CODES.has(error.errorCode))) {
      return { state: 'incomplete', reason: 'partial-success', message: `${community.source.label} is unavailable: ${describeRegistryErrors(own)}.` };
    }
    const errors = [...own, ...general].filter((error) => error.severity === 'error');
    if (outcome.status === 'failure') {
      return { state: 'failed', error: new XdsQueryError(`The query failed: ${describeRegistryErrors([...own, ...general])}.`, [...own, ...general]) };
    }
    const tooMany = errors.find((error) => error.errorCode === ERROR_CODE.tooManyResults);
    if (tooMany !== undefined) {
      return { state: 'incomplete', reason: 'server-truncated', message: `The registry returned only part of the list: ${describeRegistryErrors([tooMany])}.` };
    }
    // A partial success that errors of other communities explain leaves this community complete.
    const explainedElsewhere = outcome.errors.length > own.length + general.length;
    if (errors.length > 0 || (outcome.status === 'partial-success' && !explainedElsewhere)) {
      return { state: 'incomplete', reason: 'partial-success', message: `The registry returned a partial result: ${describeRegistryErrors(errors)}.` };
    }
    if (counts.limitReached) return { state: 'incomplete', reason: 'limit-reached', message: `Only the first ${counts.maxResults} studies are shown.` };
    const unreadable = counts.unreadable + counts.unassigned + outcome.missingAfterFallback;
    if (unreadable > 0) {
      return {
        state: 'incomplete',
        reason: 'unreadable-entries',
        message: `${unreadable} manifest${unreadable === 1 ? '' : 's'} could not be read or placed in a configured community and ${unreadable === 1 ? 'is' : 'are'} not shown.`,
      };
    }
    return { state: 'complete' };
  }

  /** Reads the Study Instance UID from the manifest of entries whose referenceIdList lacks it, up to `maxManifestLookups`. */
  private async resolveStudyUids(
    community: Community,
    entries: DocumentEntry[],
    signal: AbortSignal | undefined,
  ): Promise<{ entries: DocumentEntry[]; unresolved: number }> {
    const lacking = studiesFromEntries(entries, community.source, this.terminology).withoutStudyUid;
    if (lacking.length === 0) return { entries, unresolved: 0 };
    const limit = this.options.maxManifestLookups ?? 20;
    const lookups = lacking.slice(0, limit);
    const resolved = new Map<string, string>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < lookups.length) {
        const entry = lookups[next++];
        try {
          const manifest = await this.loadManifest(community, this.manifestReferenceOf(entry), signal);
          const uid = manifest.studyInstanceUid ?? manifest.studies[0]?.studyInstanceUid;
          if (uid !== undefined) resolved.set(entry.entryUuid, uid);
        } catch (error) {
          if (isAbortError(error) || signal?.aborted) throw signal?.reason ?? error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(MANIFEST_LOOKUP_CONCURRENCY, lookups.length) }, worker));
    const updated = entries.map((entry) => {
      const uid = resolved.get(entry.entryUuid);
      return uid === undefined ? entry : withStudyInstanceUid(entry, uid);
    });
    return { entries: updated, unresolved: lacking.length - resolved.size };
  }

  private manifestReferenceOf(entry: DocumentEntry): ManifestReference {
    const reference: ManifestReference = { documentUniqueId: entry.uniqueId ?? '', entryUuid: entry.entryUuid, serviceTimeUnknown: entry.serviceStartTime === undefined };
    if (entry.repositoryUniqueId !== undefined) reference.repositoryUniqueId = entry.repositoryUniqueId;
    if (entry.homeCommunityId !== undefined) reference.homeCommunityId = entry.homeCommunityId;
    return reference;
  }

  // Manifests.

  /** Retrieves and reads a manifest (ITI-43 or ITI-39), keeping recent ones. */
  loadManifest(community: Community, reference: ManifestReference, signal?: AbortSignal): Promise<ImagingManifest> {
    if (reference.repositoryUniqueId === undefined || reference.documentUniqueId === '') {
      return Promise.reject(new StudylineError('parse', 'The manifest entry has no repositoryUniqueId or uniqueId, so it cannot be retrieved.'));
    }
    const key = `${community.source.id} ${reference.repositoryUniqueId} ${reference.documentUniqueId}`;
    const cached = this.manifestCache.get(key);
    if (cached !== undefined) return cached;
    const repositoryUniqueId = reference.repositoryUniqueId;
    const loading = (async () => {
      const homeCommunityId = reference.homeCommunityId ?? community.options.homeCommunityId;
      const url = community.options.repositories?.[repositoryUniqueId]?.documentRetrieveUrl ?? community.options.documentRetrieveUrl;
      const soapResult = await retrieveDocumentSet(
        { http: community.http, url, transaction: community.documentRetrieveTransaction, securityHeader: this.options.securityHeader, sourceId: community.source.id },
        [{ documentUniqueId: reference.documentUniqueId, repositoryUniqueId, homeCommunityId: homeCommunityId }],
        { signal, onRetryAfter: this.options.onRetryAfter },
      );
      const document = soapResult.documents.find((candidate) => candidate.documentUniqueId === reference.documentUniqueId);
      if (document === undefined) {
        throw new StudylineError('http', `The manifest could not be retrieved from ${community.source.label}: ${describeRegistryErrors(soapResult.status.errors)}.`);
      }
      return readImagingManifest(document.data);
    })();
    this.manifestCache.set(key, loading);
    loading.catch(() => this.manifestCache.delete(key));
    if (this.manifestCache.size > MANIFEST_CACHE_SIZE) this.manifestCache.delete(this.manifestCache.keys().next().value as string);
    return loading;
  }

  /**
   * Loads the manifests of the first of this adapter's sources that has the
   * study and whose manifests can be read, and returns the study's series.
   */
  private async studySeries(study: StudyLocator, signal?: AbortSignal): Promise<{ community: Community; series: (ManifestSeries & { manifest: ManifestReference })[] }> {
    const uid = normalizeUid(study.studyInstanceUid);
    let lastError: unknown;
    for (const studySource of study.sources) {
      const community = this.communityOfSource(studySource.source.id);
      const manifests = manifestsOf(studySource.native);
      if (community === undefined || manifests.length === 0) continue;
      const series = new Map<string, ManifestSeries & { manifest: ManifestReference }>();
      let loaded = 0;
      for (const reference of manifests) {
        let manifest: ImagingManifest;
        try {
          manifest = await this.loadManifest(community, reference, signal);
        } catch (error) {
          if (isAbortError(error) || signal?.aborted) throw signal?.reason ?? error;
          lastError = error;
          continue;
        }
        loaded++;
        for (const manifestStudy of manifest.studies) {
          if (manifestStudy.studyInstanceUid !== uid) continue;
          for (const item of manifestStudy.series) {
            const existing = series.get(item.seriesInstanceUid);
            if (existing === undefined) {
              series.set(item.seriesInstanceUid, { ...item, instances: [...item.instances], manifest: reference });
              continue;
            }
            for (const instance of item.instances) {
              if (!existing.instances.some((known) => known.sopInstanceUid === instance.sopInstanceUid)) existing.instances.push(instance);
            }
          }
        }
      }
      if (loaded > 0) return { community, series: [...series.values()] };
    }
    if (lastError !== undefined) throw lastError;
    throw new StudylineError('invalid-argument', 'No XDS source of this adapter has a manifest of this study; search again to refresh the study.');
  }

  async listSeries(study: StudyLocator, options: RequestOptions = {}): Promise<Series[]> {
    const { community, series } = await this.studySeries(study, options.signal);
    return series.map((item) => {
      const entry: Series = {
        studyInstanceUid: normalizeUid(study.studyInstanceUid),
        seriesInstanceUid: item.seriesInstanceUid,
        numberOfInstances: item.instances.length,
        sourceId: community.source.id,
        warnings: [],
      };
      const modality = modalityOfSopClass(item.instances[0]?.sopClassUid);
      if (modality !== undefined) entry.modality = modality;
      return entry;
    });
  }

  async listInstances(study: StudyLocator, options: RequestOptions & { seriesInstanceUid?: string } = {}): Promise<InstanceInfo[]> {
    const { series } = await this.studySeries(study, options.signal);
    const studyInstanceUid = normalizeUid(study.studyInstanceUid);
    return series
      .filter((item) => options.seriesInstanceUid === undefined || item.seriesInstanceUid === options.seriesInstanceUid)
      .flatMap((item) =>
        item.instances.map((instance) => {
          const info: InstanceInfo = { studyInstanceUid, seriesInstanceUid: item.seriesInstanceUid, sopInstanceUid: instance.sopInstanceUid };
          if (instance.sopClassUid !== undefined) info.sopClassUid = instance.sopClassUid;
          return info;
        }),
      );
  }

  // Retrieve.

  /** Builds the RAD-69 or RAD-75 requests of a retrieve, grouped by endpoint, repository and community. */
  private async planRetrieve(study: StudyLocator, options: RetrieveOptions): Promise<{ groups: ImagingRetrieveGroup[]; missing: MissingDocument[] }> {
    const { community, series } = await this.studySeries(study, options.signal);
    const studyInstanceUid = normalizeUid(study.studyInstanceUid);
    const requested = options.instances === undefined ? undefined : new Set(options.instances.map((instance) => instance.sopInstanceUid));
    const groups = new Map<string, ImagingRetrieveGroup>();
    const missing: MissingDocument[] = [];
    const found = new Set<string>();

    for (const item of series) {
      if (options.seriesInstanceUid !== undefined && item.seriesInstanceUid !== options.seriesInstanceUid) continue;
      // Retrieve Location UID names the Imaging Document Source; without it the manifest's repository is the best guess.
      const repositoryUniqueId = item.retrieveLocationUid ?? item.manifest.repositoryUniqueId;
      const homeCommunityId = item.manifest.homeCommunityId ?? community.options.homeCommunityId;
      for (const instance of item.instances) {
        if (requested !== undefined && !requested.has(instance.sopInstanceUid)) continue;
        found.add(instance.sopInstanceUid);
        const reference: ImagingDocumentReference = { studyInstanceUid, seriesInstanceUid: item.seriesInstanceUid, sopInstanceUid: instance.sopInstanceUid, repositoryUniqueId: repositoryUniqueId ?? '' };
        if (homeCommunityId !== undefined && community.imagingRetrieveTransaction === 'RAD-75') reference.homeCommunityId = homeCommunityId;
        if (repositoryUniqueId === undefined) {
          missing.push({ ...reference, reason: 'The manifest names no Imaging Document Source (Retrieve Location UID) for this series.' });
          continue;
        }
        const url = community.options.repositories?.[repositoryUniqueId]?.imagingRetrieveUrl ?? community.options.imagingRetrieveUrl;
        const key = `${url} ${repositoryUniqueId} ${homeCommunityId ?? ''}`;
        let group = groups.get(key);
        if (group === undefined) {
          group = {
            endpoint: { http: community.http, url, transaction: community.imagingRetrieveTransaction, securityHeader: this.options.securityHeader, sourceId: community.source.id },
            documents: [],
          };
          groups.set(key, group);
        }
        group.documents.push(reference);
      }
    }
    for (const instance of options.instances ?? []) {
      if (found.has(instance.sopInstanceUid)) continue;
      missing.push({ studyInstanceUid, seriesInstanceUid: instance.seriesInstanceUid, sopInstanceUid: instance.sopInstanceUid, repositoryUniqueId: '', reason: 'The study manifest does not list this instance.' });
    }
    return { groups: [...groups.values()], missing };
  }

  /**
   * Streams the study's instances with RAD-69 (or RAD-75), reading the
   * manifests first. `result` lists every instance that did not arrive.
   */
  retrieveStudy(study: StudyLocator, options: RetrieveOptions = {}): XdsInstanceStream {
    let settle: (result: XdsRetrieveResult) => void = () => undefined;
    let fail: (error: unknown) => void = () => undefined;
    const result = new Promise<XdsRetrieveResult>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    result.catch(() => undefined);
    const adapter = this;

    async function* generate(): AsyncGenerator<DicomInstance> {
      let inner: XdsInstanceStream;
      try {
        const plan = await adapter.planRetrieve(study, options);
        inner = retrieveImagingDocuments({
          groups: plan.groups,
          missingBeforehand: plan.missing,
          transferSyntaxes: adapter.options.transferSyntaxes ?? DEFAULT_TRANSFER_SYNTAXES,
          batchSize: adapter.options.retrieveBatchSize ?? 200,
          signal: options.signal,
          onRetryAfter: options.onRetryAfter ?? adapter.options.onRetryAfter,
          onProgress: options.onProgress,
        });
      } catch (error) {
        if (isAbortError(error) || options.signal?.aborted) {
          fail(options.signal?.reason ?? error);
          throw options.signal?.reason ?? error;
        }
        const message = error instanceof Error ? error.message : String(error);
        settle({ complete: false, instances: 0, bytes: 0, missing: [], warnings: [], reason: `The study manifest could not be read: ${message}` });
        throw error;
      }
      inner.result.then(settle, fail);
      yield* inner;
    }
    return { result, [Symbol.asyncIterator]: () => generate() };
  }

  /**
   * Retrieves one instance and has the configured renderer draw it. Rejects
   * with code `not-supported` without a renderer, because RAD-69 returns DICOM
   * files only, never rendered images.
   */
  async fetchRenderedImage(request: RenderedImageRequest, options: RequestOptions = {}): Promise<Blob> {
    const renderer = this.options.renderer;
    if (renderer === undefined) {
      throw new StudylineError(
        'not-supported',
        'XDS-I.b sources deliver DICOM files only, not rendered images: retrieve the instances with retrieveStudy and decode them, or configure a renderer.',
      );
    }
    let sopInstanceUid = request.sopInstanceUid;
    if (sopInstanceUid === undefined) {
      const instances = await this.listInstances(request.study, { signal: options.signal, seriesInstanceUid: request.seriesInstanceUid });
      // The middle instance of a series is the usual representative image.
      sopInstanceUid = instances[Math.floor(instances.length / 2)]?.sopInstanceUid;
      if (sopInstanceUid === undefined) throw new StudylineError('invalid-argument', 'The series has no instances in the study manifest.');
    }
    const stream = this.retrieveStudy(request.study, {
      signal: options.signal,
      onRetryAfter: options.onRetryAfter,
      instances: [{ seriesInstanceUid: request.seriesInstanceUid, sopInstanceUid }],
    });
    for await (const instance of stream) return renderer(instance, request, options);
    const outcome = await stream.result;
    throw new StudylineError('http', `The instance to render did not arrive: ${outcome.missing[0]?.reason ?? outcome.reason ?? 'no reason given'}`);
  }

  storeInstances(): Promise<StoreResult> {
    return Promise.reject(new StudylineError('not-supported', 'XDS-I.b sources are read-only in Studyline; store instances in the own archive instead.'));
  }
}
