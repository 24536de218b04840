import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StudylineError } from './errors.js';
import { parseMultipart, type MultipartPart } from './multipart.js';
import { readFileMetaInformation } from './part10.js';
import { makePart10 } from './test-support/make-part10.js';

const encoder = new TextEncoder();

function bytes(...pieces: (string | Uint8Array)[]): Uint8Array {
  const parts = pieces.map((piece) => (typeof piece === 'string' ? encoder.encode(piece) : piece));
  const result = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

async function* chunked(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += size) yield data.slice(offset, offset + size);
}

async function collect(source: AsyncIterable<Uint8Array>, boundary: string): Promise<MultipartPart[]> {
  const parts: MultipartPart[] = [];
  for await (const part of parseMultipart(source, boundary)) parts.push(part);
  return parts;
}

const first = makePart10({ sopInstanceUid: '1.2.826.0.1.3680043.8.498.1', size: 300 });
const second = makePart10({ sopInstanceUid: '1.2.826.0.1.3680043.8.498.2', size: 300, transferSyntaxUid: '1.2.840.10008.1.2.4.70' });

describe('parseMultipart', () => {
  const body = bytes(
    '--b-7f6c\r\nContent-Type: application/dicom\r\nContent-Length: 300\r\nMIME-Version: 1.0\r\n\r\n',
    first,
    '\r\n--b-7f6c\r\nContent-Type: application/dicom\r\n\r\n',
    second,
    '\r\n--b-7f6c--\r\n',
  );

  it('strips every part its own header block', async () => {
    const parts = await collect(chunked(body, 64 * 1024), 'b-7f6c');
    assert.equal(parts.length, 2);
    for (const part of parts) {
      assert.equal(part.body.length, 300);
      assert.equal(new TextDecoder().decode(part.body.subarray(128, 132)), 'DICM');
      assert.equal(part.headers.get('content-type'), 'application/dicom');
    }
    assert.deepEqual(parts[0].body, first);
    assert.deepEqual(parts[1].body, second);
    assert.equal(parts[0].headers.get('content-length'), '300');
  });

  it('accepts a part with no header block', async () => {
    const parts = await collect(chunked(bytes('--x\r\n\r\n', first, '\r\n--x--'), 1000), 'x');
    assert.equal(parts.length, 1);
    assert.equal(parts[0].headers.size, 0);
    assert.deepEqual(parts[0].body, first);
  });

  it('finds a boundary split across chunks, whatever the chunk size', async () => {
    for (const size of [1, 2, 3, 7, 13, 299, 301]) {
      const parts = await collect(chunked(body, size), 'b-7f6c');
      assert.equal(parts.length, 2, `chunk size ${size}`);
      assert.deepEqual(parts[1].body, second, `chunk size ${size}`);
    }
  });

  it('keeps parts apart when the buffer is compacted between reads', async () => {
    // Parts of about 35 KB without Content-Length, read in 16 KiB and 64 KiB chunks, make the
    // parser move queued bytes to the front of its buffer while it searches for a boundary.
    const large = [1, 2, 3, 4].map((index) => makePart10({ sopInstanceUid: `1.2.826.0.1.3680043.8.498.5${index}`, size: 35_000 + index * 977 }));
    const pieces: (string | Uint8Array)[] = [];
    for (const part of large) pieces.push('--mtom\r\nContent-Type: application/dicom\r\n\r\n', part, '\r\n');
    pieces.push('--mtom--\r\n');
    const stream = bytes(...pieces);
    for (const size of [16 * 1024, 64 * 1024, 4096, 1000]) {
      const parts = await collect(chunked(stream, size), 'mtom');
      assert.equal(parts.length, 4, `chunk size ${size}`);
      for (const [index, part] of parts.entries()) assert.deepEqual(part.body, large[index], `part ${index + 1}, chunk size ${size}`);
    }
  });

  it('ignores a preamble and transport padding', async () => {
    const padded = bytes('This is a preamble.\r\n--b  \r\nContent-Type: application/dicom\r\n\r\n', first, '\r\n--b--\r\nepilogue');
    const parts = await collect(chunked(padded, 50), 'b');
    assert.equal(parts.length, 1);
    assert.deepEqual(parts[0].body, first);
  });

  it('falls back to searching when Content-Length is wrong', async () => {
    const wrong = bytes('--b\r\nContent-Length: 100\r\n\r\n', first, '\r\n--b\r\nContent-Length: 999999\r\n\r\n', second, '\r\n--b--');
    const parts = await collect(chunked(wrong, 97), 'b');
    assert.deepEqual(parts.map((part) => part.body.length), [300, 300]);
  });

  it('gives the complete parts, then a truncated error, when the closing boundary is missing', async () => {
    const cut = body.slice(0, body.length - 200);
    const parts: MultipartPart[] = [];
    await assert.rejects(
      async () => {
        for await (const part of parseMultipart(chunked(cut, 100), 'b-7f6c')) parts.push(part);
      },
      (error: unknown) => error instanceof StudylineError && error.code === 'truncated',
    );
    assert.equal(parts.length, 1);
  });

  it('rejects a body without its boundary as a parse error', async () => {
    await assert.rejects(
      collect(chunked(encoder.encode('<html><body>Sign in</body></html>'), 10), 'b'),
      (error: unknown) => error instanceof StudylineError && error.code === 'parse',
    );
  });

  it('reads a ReadableStream', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(body.slice(0, 10));
        controller.enqueue(body.slice(10));
        controller.close();
      },
    });
    const parts = await collect(stream as unknown as AsyncIterable<Uint8Array>, 'b-7f6c');
    assert.equal(parts.length, 2);
  });

  it('parses a 2 GiB stream of 1 MiB parts within a fixed memory budget', async () => {
    const partSize = 1024 * 1024;
    const partCount = 2048;
    const template = makePart10({ sopInstanceUid: '1.2.826.0.1.3680043.8.498.9', size: partSize });
    const head = encoder.encode(`--big\r\nContent-Type: application/dicom; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\n`);
    const separator = encoder.encode('\r\n');
    async function* generate(): AsyncGenerator<Uint8Array> {
      for (let index = 0; index < partCount; index++) {
        yield head;
        // Hand the part over in 64 KiB chunks, as a network stream would.
        for (let offset = 0; offset < partSize; offset += 65536) yield template.subarray(offset, offset + 65536);
        yield separator;
      }
      yield encoder.encode('--big--\r\n');
    }
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let count = 0;
    let total = 0;
    for await (const part of parseMultipart(generate(), 'big')) {
      count++;
      total += part.body.length;
      if (count === 1) assert.equal(readFileMetaInformation(part.body)?.sopInstanceUid, '1.2.826.0.1.3680043.8.498.9');
      if (count % 128 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    assert.equal(count, partCount);
    assert.equal(total, partCount * partSize);
    const growthMiB = (peak - baseline) / 1024 / 1024;
    assert.ok(growthMiB < 64, `memory grew by ${growthMiB.toFixed(1)} MiB while parsing 2 GiB`);
  });
});
