/**
 * The adapter contract: the operations Studyline needs from any study source.
 *
 * DICOMweb, XDS-I.b and FHIR adapters implement it, and `combineSources`
 * joins several adapters into one. Every method takes an `AbortSignal`, and
 * every request an adapter makes goes through one `AuthHook`.
 */
import type { StudylineError } from './errors.js';
import type { FetchPriority, RetryAfterInfo } from './http.js';
import type { InstanceInfo, Series, SourceInfo, Study, StudyLocator } from './model.js';

/** A patient identifier with the authority that issued it. */
export interface PatientIdentifier {
  id: string;
  /** IssuerOfPatientID (0010,0021), or an assigning authority such as an OID. */
  issuer?: string;
}

/** A search for one patient's studies. */
export interface StudySearchQuery {
  /**
   * The patient. Give several identifiers when sources know the patient under
   * different ones: each adapter picks the identifier whose issuer it is
   * configured for, or the first.
   */
  patient: PatientIdentifier | readonly PatientIdentifier[];
  /** Inclusive range of ISO calendar dates. Without it no date filter is sent, so undated studies stay in. */
  dateRange?: { from?: string; to?: string };
  /** Only studies with at least one of these modalities. */
  modalities?: readonly string[];
  /** Number of studies asked per request. The adapter pages until the search is complete. */
  pageSize?: number;
  /** Stop paging after this many studies, and report the source as incomplete. */
  maxResults?: number;
}

/** Reason code of an incomplete search result. */
export type IncompleteReason =
  /** The server reported that it cut the list short (a `Warning: 299` header or a partial success). */
  | 'server-truncated'
  /** `maxResults` was reached before the server ran out of studies. */
  | 'limit-reached'
  /** Some parts of the source (communities, repositories) responded and others did not. */
  | 'partial-success'
  /** The source responded, but some of the results could not be read. */
  | 'unreadable-entries'
  /** The source returned studies of another patient, which were left out. */
  | 'other-patient';

/** Completeness of one source's search result. */
export type SourceStatus =
  | { state: 'complete' }
  | {
      state: 'incomplete';
      reason: IncompleteReason;
      /** The server's own words, such as the text of a Warning header, or a plain sentence. */
      message: string;
      /** Number of missing studies, when the server reports it. */
      missingCount?: number;
    }
  | { state: 'failed'; error: StudylineError };

/** One source's part of a search result. */
export interface SourceOutcome {
  source: SourceInfo;
  status: SourceStatus;
  /** Number of studies this source returned. */
  studyCount: number;
}

/** The studies found, merged across sources, and a status for every source asked. */
export interface StudySearchResult {
  studies: Study[];
  sources: SourceOutcome[];
}

export interface RequestOptions {
  signal?: AbortSignal;
  /**
   * Called while the adapter waits out a 503 `Retry-After` for one of the
   * requests this call makes, so that the UI can show the wait.
   */
  onRetryAfter?: (info: RetryAfterInfo) => void;
  /**
   * Fetch priority of the requests this call makes. Adapters that cannot set
   * it ignore it. Thumbnails use `low`, so that an image a user opened loads first.
   */
  priority?: FetchPriority;
}

export interface SearchOptions extends RequestOptions {
  /**
   * Called each time one more source has responded, with the merged result so
   * far and the sources still pending, so that a timeline can show the fast
   * sources before the slow ones.
   */
  onPartialResult?: (result: StudySearchResult, pending: readonly SourceInfo[]) => void;
  /**
   * Source ids to search, for a retry of some sources. A combined adapter
   * searches only the adapters that serve one of them; a single adapter may
   * search all of its sources.
   */
  onlySources?: readonly string[];
}

/** A rendered image of a series, an instance or one frame. */
export interface RenderedImageRequest {
  study: StudyLocator;
  seriesInstanceUid: string;
  /** Without it, the server chooses a representative instance of the series. */
  sopInstanceUid?: string;
  /** 1-based frame number. */
  frame?: number;
  /** Size of the box the image must fit, in pixels. */
  viewport?: { width: number; height: number };
  /** Preferred image type; the server may send another image type. */
  mediaType?: 'image/jpeg' | 'image/png' | 'image/gif';
  /**
   * `thumbnail` asks for a small representative image: an adapter whose
   * server offers thumbnails (DICOMweb `/thumbnail`) fetches one, and any
   * other adapter returns a rendered image as for `rendered`, the default.
   */
  kind?: 'rendered' | 'thumbnail';
}

/** How far a retrieve has come. */
export interface RetrieveProgress {
  instances: number;
  bytes: number;
  /** Known from the study's attributes or metadata, when the source sent them. */
  totalInstances?: number;
  totalBytes?: number;
}

/** One DICOM instance as a Part 10 file. */
export interface DicomInstance {
  /** The Part 10 bytes, starting with the 128-byte preamble and `DICM`. */
  data: Uint8Array;
  /** Media type of the part as sent, normally `application/dicom`. */
  mediaType: string;
  /** From the file meta information (0002,0010), which wins over any header parameter. */
  transferSyntaxUid?: string;
  /** From the file meta information (0002,0003). */
  sopInstanceUid?: string;
  /** From the file meta information (0002,0002). */
  sopClassUid?: string;
}

export interface RetrieveOptions extends RequestOptions {
  /** Limit the retrieve to one series. */
  seriesInstanceUid?: string;
  /**
   * Retrieve only these instances (each with its series), for example the
   * ones a previous import missed.
   */
  instances?: readonly Pick<InstanceInfo, 'seriesInstanceUid' | 'sopInstanceUid'>[];
  /**
   * Number of instances the retrieve should give, when known from elsewhere;
   * fewer make the result incomplete. Defaults to the study's
   * `numberOfInstances` when the locator carries it.
   */
  expectedInstances?: number;
  onProgress?: (progress: RetrieveProgress) => void;
}

/** How a retrieve ended. */
export interface RetrieveResult {
  /** False when the server responded 206, the stream was cut short, or fewer instances arrived than expected. */
  complete: boolean;
  instances: number;
  bytes: number;
  expectedInstances?: number;
  /** Why the retrieve is incomplete, in plain words. */
  reason?: string;
}

/**
 * A stream of instances. Iterate it once; `result` settles when the iteration
 * ends, and stays pending if nobody iterates.
 */
export interface InstanceStream extends AsyncIterable<DicomInstance> {
  readonly result: Promise<RetrieveResult>;
}

export interface StoreOptions extends RequestOptions {
  /** Maximum number of instances per store request. */
  batchSize?: number;
  /** Maximum number of bytes per store request; a single larger instance goes alone. */
  maxBatchBytes?: number;
  onProgress?: (progress: { instances: number; bytes: number }) => void;
}

export interface StoredInstance {
  sopInstanceUid: string;
  sopClassUid?: string;
  retrieveUrl?: string;
}

export interface FailedInstance {
  sopInstanceUid: string;
  sopClassUid?: string;
  /** FailureReason (0008,1197) when the server sent one. */
  failureReason?: number;
  /** Plain-words reason. */
  message: string;
}

/** What a store returned, read from the response body and not from the status code alone. */
export interface StoreResult {
  stored: StoredInstance[];
  failed: FailedInstance[];
  /** Warning header texts and conformance notes. */
  warnings: string[];
  /** True when the server reported success without listing the stored instances. */
  storedCountUnknown: boolean;
}

/** The size of a study's Part 10 files, estimated before a download or import. */
export interface StudySizeEstimate {
  /** Estimated total size in bytes. */
  bytes: number;
  /** Number of instances the estimate covers. */
  instances: number;
  /**
   * Method of the estimate. `uncompressed-pixel-data` adds, per instance,
   * the uncompressed pixel data size (rows × columns × samples × bits
   * allocated / 8 × frames) and the approximate encoded size of the other
   * attributes in the metadata. Compressed images make the real size smaller.
   */
  method: 'uncompressed-pixel-data';
  /** Instances with pixel data whose size the metadata does not tell; they count with their other attributes only. */
  instancesWithoutImageSize: number;
}

/**
 * A source of studies. Implementations: `DicomWebAdapter` (package
 * `@studyline/dicomweb`), and the composite from `combineSources`.
 */
export interface StudylineAdapter {
  /** The sources this adapter searches: one for a plain adapter, several for a composite. */
  readonly sources: readonly SourceInfo[];

  /** Finds a patient's studies. Never rejects for a source that fails: its outcome has the state `failed`. Rejects only on abort. */
  searchStudies(query: StudySearchQuery, options?: SearchOptions): Promise<StudySearchResult>;

  /** Lists a study's series. */
  listSeries(study: StudyLocator, options?: RequestOptions): Promise<Series[]>;

  /** Lists a study's instances, or one series' instances. */
  listInstances(study: StudyLocator, options?: RequestOptions & { seriesInstanceUid?: string }): Promise<InstanceInfo[]>;

  /** Fetches a rendered image as a Blob, to be shown through an object URL. */
  fetchRenderedImage(request: RenderedImageRequest, options?: RequestOptions): Promise<Blob>;

  /** Streams a study's instances as DICOM Part 10, one instance in memory at a time. */
  retrieveStudy(study: StudyLocator, options?: RetrieveOptions): InstanceStream;

  /**
   * Estimates the size of a study's Part 10 files from its metadata, without
   * retrieving them. Optional: adapters that cannot tell leave it out.
   */
  estimateStudySize?(study: StudyLocator, options?: RequestOptions): Promise<StudySizeEstimate>;

  /** Stores instances in this source. Rejects with code `not-supported` where the source is read-only. */
  storeInstances(
    instances: AsyncIterable<DicomInstance> | Iterable<DicomInstance>,
    options?: StoreOptions,
  ): Promise<StoreResult>;
}
