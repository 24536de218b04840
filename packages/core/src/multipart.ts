/**
 * Incremental parsing of `multipart/related` bodies (RFC 2046, RFC 2387), as
 * WADO-RS and RAD-69 send them: one part in memory at a time.
 */
import { StudylineError } from './errors.js';

export interface MultipartPart {
  /** Part headers by lower-case name. A part without a header block has none. */
  headers: Map<string, string>;
  /** The part's payload, without its headers and without the CRLF before the next boundary. */
  body: Uint8Array;
}

export interface MultipartOptions {
  /** A part larger than this is rejected with a `parse` error, to bound memory. Default 4 GiB. */
  maxPartBytes?: number;
}

const CR = 13;
const LF = 10;
const DASH = 45;
const DEFAULT_MAX_PART_BYTES = 4 * 1024 ** 3;

/**
 * A byte buffer that is appended at the end and consumed at the front,
 * reusing its memory so that a long stream needs only about one part's worth.
 */
class ByteQueue {
  private buffer = new Uint8Array(64 * 1024);
  start = 0;
  end = 0;

  get length(): number {
    return this.end - this.start;
  }

  get bytes(): Uint8Array {
    return this.buffer;
  }

  append(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buffer.length) {
      const needed = this.length + chunk.length;
      if (needed <= this.buffer.length / 2) {
        this.buffer.copyWithin(0, this.start, this.end);
      } else {
        let capacity = this.buffer.length;
        while (capacity < needed * 1.5) capacity *= 2;
        const grown = new Uint8Array(capacity);
        grown.set(this.buffer.subarray(this.start, this.end));
        this.buffer = grown;
      }
      this.end -= this.start;
      this.start = 0;
    }
    this.buffer.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** Finds `needle` at or after absolute index `from`; returns the absolute index or -1. */
  indexOf(needle: Uint8Array, from: number): number {
    const buffer = this.buffer;
    const first = needle[0];
    const last = this.end - needle.length;
    let index = Math.max(from, this.start);
    while (index <= last) {
      index = buffer.indexOf(first, index);
      if (index === -1 || index > last) return -1;
      let matched = 1;
      while (matched < needle.length && buffer[index + matched] === needle[matched]) matched++;
      if (matched === needle.length) return index;
      index++;
    }
    return -1;
  }

  /** Copies bytes between absolute indexes into a new array. */
  copy(from: number, to: number): Uint8Array {
    return this.buffer.slice(from, to);
  }

  consume(count: number): void {
    this.start += count;
    if (this.start === this.end) {
      this.start = 0;
      this.end = 0;
    }
  }
}

const latin1 = new TextDecoder('latin1');

function parseHeaderBlock(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  let lastName: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue;
    if ((line[0] === ' ' || line[0] === '\t') && lastName !== undefined) {
      // A folded line continues the previous header.
      headers.set(lastName, `${headers.get(lastName)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    lastName = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(lastName, headers.has(lastName) ? `${headers.get(lastName)}, ${value}` : value);
  }
  return headers;
}

async function* chunksOf(source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (Symbol.asyncIterator in source) {
    yield* source as AsyncIterable<Uint8Array>;
    return;
  }
  const reader = (source as ReadableStream<Uint8Array>).getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Parses a multipart body into parts as the bytes arrive.
 *
 * Each part's own header block is read (Content-Type, Content-Length and so
 * on); a part may also have none. Content-Length, when present and followed
 * by the boundary, lets the parser skip the boundary search. Throws a
 * StudylineError with code `truncated` after the last complete part when the
 * stream ends without the closing boundary, and code `parse` when the body
 * never contains the boundary.
 */
export async function* parseMultipart(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  boundary: string,
  options: MultipartOptions = {},
): AsyncGenerator<MultipartPart, void, undefined> {
  if (boundary === '') throw new StudylineError('parse', 'The multipart body has an empty boundary.');
  const maxPartBytes = options.maxPartBytes ?? DEFAULT_MAX_PART_BYTES;
  const encoder = new TextEncoder();
  // The delimiter between parts is CRLF + "--" + boundary; the first one may lack the CRLF.
  const delimiter = encoder.encode(`\r\n--${boundary}`);
  const firstDelimiter = delimiter.subarray(2);
  const headerEnd = encoder.encode('\r\n\r\n');
  const queue = new ByteQueue();

  type State = 'preamble' | 'after-delimiter' | 'headers' | 'body';
  let state: State = 'preamble';
  let headers = new Map<string, string>();
  let searchFrom = 0;
  let partCount = 0;
  let closed = false;

  const iterator = chunksOf(source);
  let streamEnded = false;

  const pull = async (): Promise<boolean> => {
    if (streamEnded) return false;
    const next = await iterator.next();
    if (next.done) {
      streamEnded = true;
      return false;
    }
    // Appending may move the queued bytes to the front of the buffer, so the search position moves with them.
    const searchOffset = searchFrom - queue.start;
    queue.append(next.value);
    searchFrom = queue.start + Math.max(0, searchOffset);
    return true;
  };

  try {
    while (!closed) {
      let progressed = false;

      if (state === 'preamble') {
        // The first delimiter starts the body or follows a CRLF that ends a preamble.
        const at = queue.indexOf(firstDelimiter, Math.max(queue.start, searchFrom));
        if (at !== -1 && (at === queue.start || (queue.bytes[at - 1] === LF && queue.bytes[at - 2] === CR))) {
          queue.consume(at + firstDelimiter.length - queue.start);
          state = 'after-delimiter';
          progressed = true;
        } else if (at !== -1) {
          searchFrom = at + 1;
          progressed = true;
        } else {
          searchFrom = Math.max(queue.start, queue.end - firstDelimiter.length - 1);
        }
      }

      if (state === 'after-delimiter' && queue.length >= 2) {
        const bytes = queue.bytes;
        const at = queue.start;
        if (bytes[at] === DASH && bytes[at + 1] === DASH) {
          closed = true;
          break;
        }
        // Skip transport padding up to the end of the boundary line.
        const lineEnd = bytes.indexOf(LF, at);
        if (lineEnd !== -1 && lineEnd < queue.end) {
          queue.consume(lineEnd + 1 - at);
          state = 'headers';
          searchFrom = queue.start;
          progressed = true;
        }
      }

      if (state === 'headers' && queue.length >= 2) {
        const bytes = queue.bytes;
        if (bytes[queue.start] === CR && bytes[queue.start + 1] === LF) {
          // No header block: the boundary line is followed by an empty line.
          headers = new Map();
          queue.consume(2);
          state = 'body';
          searchFrom = queue.start;
          progressed = true;
        } else {
          const at = queue.indexOf(headerEnd, Math.max(queue.start, searchFrom));
          if (at !== -1) {
            headers = parseHeaderBlock(latin1.decode(bytes.subarray(queue.start, at)));
            queue.consume(at + headerEnd.length - queue.start);
            state = 'body';
            searchFrom = queue.start;
            progressed = true;
          } else {
            if (queue.length > 64 * 1024) {
              throw new StudylineError('parse', `Multipart part ${partCount + 1} has a header block longer than 64 KiB or no empty line after it.`);
            }
            searchFrom = Math.max(queue.start, queue.end - headerEnd.length + 1);
          }
        }
      }

      if (state === 'body') {
        let bodyEnd = -1;
        const declared = headers.get('content-length');
        const declaredLength = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined;
        if (declaredLength !== undefined && queue.length >= declaredLength + delimiter.length) {
          const candidate = queue.start + declaredLength;
          if (queue.indexOf(delimiter, candidate) === candidate) bodyEnd = candidate;
        }
        const waitForDeclaredLength = declaredLength !== undefined && queue.length < declaredLength + delimiter.length && !streamEnded;
        if (bodyEnd === -1 && !waitForDeclaredLength) {
          bodyEnd = queue.indexOf(delimiter, Math.max(queue.start, searchFrom));
          if (bodyEnd === -1) searchFrom = Math.max(queue.start, queue.end - delimiter.length + 1);
        }
        if (bodyEnd !== -1) {
          const part: MultipartPart = { headers, body: queue.copy(queue.start, bodyEnd) };
          queue.consume(bodyEnd + delimiter.length - queue.start);
          state = 'after-delimiter';
          partCount++;
          progressed = true;
          yield part;
        } else if (queue.length > maxPartBytes) {
          throw new StudylineError('parse', `Multipart part ${partCount + 1} is larger than the limit of ${maxPartBytes} bytes.`);
        }
      }

      if (!progressed) {
        // After the stream ends, one more pass runs with streamEnded set, so a wrong Content-Length is searched past.
        if (streamEnded) break;
        await pull();
      }
    }
  } finally {
    await iterator.return?.(undefined);
  }

  if (closed) return;
  if (state === 'preamble') {
    throw new StudylineError('parse', 'The multipart body does not contain its boundary; it may not be multipart at all.');
  }
  throw new StudylineError(
    'truncated',
    `The multipart body ended after ${partCount} complete part${partCount === 1 ? '' : 's'}, without its closing boundary.`,
  );
}
