/**
 * MTOM/XOP packages (W3C SOAP MTOM and XOP 1.0): a `multipart/related` body
 * whose root part is the SOAP envelope and whose other parts are the
 * documents that `xop:Include` elements point at by Content-ID.
 *
 * The root part is the one the `start` parameter names, or the first part
 * without it. Content-IDs are compared as RFC 2392 defines them: a `cid:` URL is the
 * percent-encoded Content-ID without its angle brackets, so
 * `cid:a@urn%3Aihe%3Aiti` matches `Content-ID: <a@urn:ihe:iti>`, which is how
 * the dcm4chee archive writes them.
 */
import { StudylineError, createBoundary, parseMultipart, type MediaType, type MultipartPart } from '@studyline/core';

/** A part of an MTOM/XOP package other than the root. */
export interface MtomAttachment {
  /** Content-ID without angle brackets and percent-decoded, or undefined when the part has none. */
  contentId?: string;
  /** Content-Type header of the part, as sent. */
  contentType?: string;
  body: Uint8Array;
}

export interface MtomMessage {
  /** The root part's text. */
  rootXml: string;
  /** The other parts in order of arrival. Iterate once; parts that arrived before the root come first. */
  attachments: AsyncGenerator<MtomAttachment, void, undefined>;
  /** Stops reading the body, for a caller that needs no attachments. */
  close(): Promise<void>;
}

/** Decodes percent-encoding, leaving the text as it is when it is not valid percent-encoding. */
function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Normalises a Content-ID header value: angle brackets and whitespace removed, percent-decoded. */
export function normalizeContentId(value: string): string {
  const trimmed = value.trim();
  const inner = trimmed.startsWith('<') && trimmed.endsWith('>') ? trimmed.slice(1, -1) : trimmed;
  return percentDecode(inner.trim());
}

/** Returns the Content-ID that an `xop:Include` href points at, or undefined for an href that is not a `cid:` URL. */
export function contentIdFromHref(href: string): string | undefined {
  const trimmed = href.trim();
  if (trimmed.slice(0, 4).toLowerCase() !== 'cid:') return undefined;
  return percentDecode(trimmed.slice(4));
}

const ROOT_CONTENT_ID = 'root.message@studyline.invalid';

/** Builds the MTOM/XOP package of a SOAP request that has no attachments; the body is text because every part is. */
export function buildMtomPackage(envelope: string, action: string): { body: string; contentType: string } {
  const boundary = createBoundary();
  const text =
    `--${boundary}\r\n` +
    `Content-Type: application/xop+xml; charset=UTF-8; type="application/soap+xml"; action="${action}"\r\n` +
    `Content-Transfer-Encoding: binary\r\n` +
    `Content-ID: <${ROOT_CONTENT_ID}>\r\n` +
    `\r\n` +
    `${envelope}\r\n` +
    `--${boundary}--\r\n`;
  const contentType =
    `multipart/related; boundary=${boundary}; type="application/xop+xml"; ` +
    `start="<${ROOT_CONTENT_ID}>"; start-info="application/soap+xml"; action="${action}"`;
  return { body: text, contentType };
}

function decodeText(bytes: Uint8Array, contentType: string | undefined): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder().decode(bytes);
  }
}

function toAttachment(part: MultipartPart): MtomAttachment {
  const attachment: MtomAttachment = { body: part.body };
  const contentId = part.headers.get('content-id');
  if (contentId !== undefined) attachment.contentId = normalizeContentId(contentId);
  const contentType = part.headers.get('content-type');
  if (contentType !== undefined) attachment.contentType = contentType;
  return attachment;
}

/**
 * Reads an MTOM/XOP response up to its root part and returns the root's text
 * with an iterator over the other parts, which are parsed as they arrive.
 * Throws a StudylineError with code `parse` when the body has no boundary or
 * no root part.
 */
export async function openMtomMessage(response: Response, mediaType: MediaType, subject: string): Promise<MtomMessage> {
  const boundary = mediaType.parameters.get('boundary');
  if (boundary === undefined || response.body === null) {
    await response.body?.cancel().catch(() => undefined);
    throw new StudylineError('parse', `The ${subject} is multipart/related without a boundary parameter.`);
  }
  const start = mediaType.parameters.get('start');
  const rootId = start === undefined ? undefined : normalizeContentId(start);
  const parts = parseMultipart(response.body, boundary);
  const early: MtomAttachment[] = [];

  let rootXml: string | undefined;
  try {
    while (rootXml === undefined) {
      const next = await parts.next();
      if (next.done) break;
      const attachment = toAttachment(next.value);
      const isRoot = rootId === undefined ? early.length === 0 : attachment.contentId === rootId;
      if (isRoot) rootXml = decodeText(next.value.body, attachment.contentType);
      else early.push(attachment);
    }
  } catch (error) {
    await parts.return(undefined);
    throw error;
  }
  if (rootXml === undefined) {
    throw new StudylineError(
      'parse',
      rootId === undefined ? `The ${subject} has no parts.` : `The ${subject} has no part with the Content-ID <${rootId}> that its start parameter names.`,
    );
  }

  async function* attachments(): AsyncGenerator<MtomAttachment, void, undefined> {
    try {
      yield* early;
      early.length = 0;
      while (true) {
        const next = await parts.next();
        if (next.done) return;
        yield toAttachment(next.value);
      }
    } finally {
      await parts.return(undefined);
    }
  }
  return {
    rootXml,
    attachments: attachments(),
    close: async () => {
      await parts.return(undefined);
    },
  };
}
