/**
 * DICOMweb thumbnails (PS3.18 §9.5, `/thumbnail` at the study, series,
 * instance and frame levels), with a fallback to `/rendered` for servers
 * without them, such as Orthanc's DICOMweb plugin 1.7.
 */
import {
  StudylineError,
  isAbortError,
  type HttpClient,
  type RenderedImageRequest,
  type RequestOptions,
} from '@studyline/core';

/** Result of one `/thumbnail` request: an image, or a sign that the server has no thumbnails. */
export type ThumbnailAttempt = { image: Blob } | { unsupported: 'status' | 'not-image'; status: number };

/**
 * Statuses after which a server counts as having no thumbnails: 404 Not
 * Found, 406 Not Acceptable (no thumbnail in an image type) and 501 Not
 * Implemented.
 */
export const THUMBNAIL_UNSUPPORTED_STATUSES: readonly number[] = [404, 406, 501];

/**
 * Sends one `/thumbnail` request. Returns the image, or `unsupported` for a
 * status in `THUMBNAIL_UNSUPPORTED_STATUSES` or a successful response that is
 * not an image (a sign-in page or a web app's fallback page). Throws for
 * other failures.
 */
export async function requestThumbnail(
  http: HttpClient,
  url: string,
  request: RenderedImageRequest,
  options: RequestOptions,
): Promise<ThumbnailAttempt> {
  const response = await http.request(url, {
    kind: 'thumbnail',
    signal: options.signal,
    onRetryAfter: options.onRetryAfter,
    priority: options.priority,
    headers: { Accept: request.mediaType ?? 'image/jpeg' },
    acceptStatus: THUMBNAIL_UNSUPPORTED_STATUSES,
  });
  if (THUMBNAIL_UNSUPPORTED_STATUSES.includes(response.status)) {
    await response.body?.cancel().catch(() => undefined);
    return { unsupported: 'status', status: response.status };
  }
  const contentType = response.headers.get('Content-Type') ?? '';
  if (!contentType.toLowerCase().startsWith('image/')) {
    await response.body?.cancel().catch(() => undefined);
    return { unsupported: 'not-image', status: response.status };
  }
  return { image: await response.blob() };
}

export interface ThumbnailFetch {
  signal?: AbortSignal;
  tryThumbnail: () => Promise<ThumbnailAttempt>;
  fetchRendered: () => Promise<Blob>;
}

function whenAborted(signal: AbortSignal | undefined): Promise<never> | undefined {
  if (signal === undefined) return undefined;
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/**
 * Whether one server has `/thumbnail` resources, learnt from the first
 * thumbnail request and then kept for the lifetime of the adapter.
 *
 * While that first request is out, other thumbnail requests wait for it, so
 * a server without thumbnails gets exactly one `/thumbnail` request. After a
 * 404, 406 or 501, every thumbnail comes from `/rendered`. A successful
 * response that is not an image counts the same once `/rendered` works for
 * that image. Any other failure leaves the question open for the next request.
 */
export class ThumbnailSupport {
  private state: 'unknown' | 'supported' | 'unsupported' = 'unknown';
  private probe: Promise<void> | undefined;

  /** `unknown` until a `/thumbnail` request has got a response. */
  get status(): 'unknown' | 'supported' | 'unsupported' {
    return this.state;
  }

  async fetch(request: ThumbnailFetch): Promise<Blob> {
    const aborted = whenAborted(request.signal);
    aborted?.catch(() => undefined);
    for (;;) {
      request.signal?.throwIfAborted();
      if (this.state === 'unsupported') return request.fetchRendered();
      if (this.state === 'supported') {
        const attempt = await request.tryThumbnail();
        // A server with thumbnails may still lack one for a particular object; that one comes from /rendered.
        return 'image' in attempt ? attempt.image : request.fetchRendered();
      }
      if (this.probe !== undefined) {
        const probe = this.probe;
        await (aborted === undefined ? probe : Promise.race([probe, aborted]));
        continue;
      }
      return this.runProbe(request);
    }
  }

  private async runProbe(request: ThumbnailFetch): Promise<Blob> {
    let finish: () => void = () => undefined;
    this.probe = new Promise<void>((resolve) => {
      finish = resolve;
    });
    try {
      const attempt = await request.tryThumbnail();
      if ('image' in attempt) {
        this.state = 'supported';
        return attempt.image;
      }
      if (attempt.unsupported === 'status') {
        this.state = 'unsupported';
        return await request.fetchRendered();
      }
      const image = await request.fetchRendered();
      this.state = 'unsupported';
      return image;
    } catch (error) {
      if (isAbortError(error) || request.signal?.aborted) throw request.signal?.reason ?? error;
      if (error instanceof StudylineError) throw error;
      throw new StudylineError('network', 'The thumbnail request failed.', { cause: error });
    } finally {
      this.probe = undefined;
      finish();
    }
  }
}
