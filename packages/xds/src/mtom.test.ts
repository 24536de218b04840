import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMediaType, StudylineError } from '@studyline/core';
import { buildMtomPackage, contentIdFromHref, normalizeContentId, openMtomMessage, type MtomAttachment } from './mtom.js';
import { multipartBody, type FixturePart } from './test-support/fixtures.js';

function responseOf(body: Buffer, contentType: string, chunkSize = 7): Response {
  // Small chunks make the parser meet boundaries and headers split across reads.
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let offset = 0; offset < body.length; offset += chunkSize) controller.enqueue(new Uint8Array(body.subarray(offset, offset + chunkSize)));
      controller.close();
    },
  });
  return new Response(stream, { headers: { 'Content-Type': contentType } });
}

async function collect(attachments: AsyncIterable<MtomAttachment>): Promise<MtomAttachment[]> {
  const list: MtomAttachment[] = [];
  for await (const attachment of attachments) list.push(attachment);
  return list;
}

const ROOT = '<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body/></soap:Envelope>';

describe('Content-ID matching', () => {
  it('normalises Content-ID values and cid URLs to the same text', () => {
    assert.equal(normalizeContentId(' <0d45-4@urn:ihe:iti:xds-b:2007> '), '0d45-4@urn:ihe:iti:xds-b:2007');
    assert.equal(contentIdFromHref('cid:0d45-4@urn%3Aihe%3Aiti%3Axds-b%3A2007'), '0d45-4@urn:ihe:iti:xds-b:2007');
    assert.equal(contentIdFromHref('CID:a%20b@x'), 'a b@x');
  });

  it('keeps invalid percent-encoding as sent', () => {
    assert.equal(contentIdFromHref('cid:100%@x'), '100%@x');
  });

  it('rejects hrefs that are not cid URLs', () => {
    assert.equal(contentIdFromHref('http://example.org/a'), undefined);
  });
});

describe('openMtomMessage', () => {
  const dicom = new Uint8Array([0x44, 0x49, 0x43, 0x4d, 13, 10, 45, 45, 0, 255]);

  it('reads the root named by start and the parts after it', async () => {
    const parts: FixturePart[] = [
      { headers: { 'Content-Type': 'application/xop+xml; charset=UTF-8; type="application/soap+xml"', 'Content-ID': '<root@x>' }, body: ROOT },
      { headers: { 'Content-Type': 'application/dicom', 'Content-ID': '<d1@urn:ihe:iti:xds-b:2007>', 'Content-Transfer-Encoding': 'binary' }, body: dicom },
    ];
    const contentType = 'Multipart/Related; Type="application/xop+xml"; BOUNDARY="uuid:f693-b"; start="<root@x>"; start-info="application/soap+xml"';
    const message = await openMtomMessage(responseOf(multipartBody('uuid:f693-b', parts), contentType), parseMediaType(contentType), 'answer');
    assert.equal(message.rootXml, ROOT);
    const attachments = await collect(message.attachments);
    assert.equal(attachments.length, 1);
    assert.equal(attachments[0].contentId, 'd1@urn:ihe:iti:xds-b:2007');
    assert.equal(attachments[0].contentType, 'application/dicom');
    assert.deepEqual([...attachments[0].body], [...dicom]);
  });

  it('finds a root that comes after an attachment', async () => {
    const parts: FixturePart[] = [
      { headers: { 'Content-ID': '<d1@x>' }, body: dicom },
      { headers: { 'Content-ID': '<root@x>', 'Content-Type': 'application/xop+xml' }, body: ROOT },
    ];
    const contentType = 'multipart/related; boundary=b; type="application/xop+xml"; start="<root@x>"';
    const message = await openMtomMessage(responseOf(multipartBody('b', parts), contentType), parseMediaType(contentType), 'answer');
    assert.equal(message.rootXml, ROOT);
    assert.deepEqual((await collect(message.attachments)).map((attachment) => attachment.contentId), ['d1@x']);
  });

  it('takes the first part as root without a start parameter', async () => {
    const parts: FixturePart[] = [{ headers: {}, body: ROOT }, { headers: { 'Content-ID': 'bare-id@x' }, body: dicom }];
    const contentType = 'multipart/related; boundary=b';
    const message = await openMtomMessage(responseOf(multipartBody('b', parts), contentType), parseMediaType(contentType), 'answer');
    assert.equal(message.rootXml, ROOT);
    assert.equal((await collect(message.attachments))[0].contentId, 'bare-id@x');
  });

  it('rejects a package without the root that start names', async () => {
    const contentType = 'multipart/related; boundary=b; start="<missing@x>"';
    await assert.rejects(
      openMtomMessage(responseOf(multipartBody('b', [{ headers: { 'Content-ID': '<other@x>' }, body: ROOT }]), contentType), parseMediaType(contentType), 'answer'),
      (error: unknown) => error instanceof StudylineError && error.code === 'parse' && /missing@x/.test(error.message),
    );
  });

  it('keeps parts apart when they arrive in 16 KiB reads', async () => {
    // Parts of about 35 KB read in 16 KiB chunks make the parser's buffer move its bytes to the front.
    const large = (seed: number): Uint8Array => Uint8Array.from({ length: 34_714 }, (_value, index) => (index * seed) % 251);
    const parts: FixturePart[] = [{ headers: {}, body: ROOT }, ...[3, 5, 7].map((seed) => ({ headers: { 'Content-ID': `<d${seed}@x>` }, body: large(seed) }))];
    const contentType = 'multipart/related; boundary=MIMEBoundary_0f3a';
    const message = await openMtomMessage(responseOf(multipartBody('MIMEBoundary_0f3a', parts), contentType, 16_384), parseMediaType(contentType), 'answer');
    const attachments = await collect(message.attachments);
    assert.deepEqual(attachments.map((attachment) => attachment.body.length), [34_714, 34_714, 34_714]);
    assert.deepEqual([...attachments[1].body], [...large(5)]);
  });

  it('reports a body cut before its closing boundary', async () => {
    const body = multipartBody('b', [{ headers: {}, body: ROOT }, { headers: { 'Content-ID': '<d1@x>' }, body: dicom }]);
    const cut = body.subarray(0, body.length - 30);
    const contentType = 'multipart/related; boundary=b';
    const message = await openMtomMessage(responseOf(cut, contentType), parseMediaType(contentType), 'answer');
    await assert.rejects(collect(message.attachments), (error: unknown) => error instanceof StudylineError && error.code === 'truncated');
  });
});

describe('buildMtomPackage', () => {
  it('builds a package whose root the reader finds again', async () => {
    const built = buildMtomPackage(ROOT, 'urn:ihe:rad:2009:RetrieveImagingDocumentSet');
    const mediaType = parseMediaType(built.contentType);
    assert.equal(mediaType.type, 'multipart/related');
    assert.equal(mediaType.parameters.get('type'), 'application/xop+xml');
    assert.equal(mediaType.parameters.get('start-info'), 'application/soap+xml');
    const message = await openMtomMessage(responseOf(Buffer.from(built.body), built.contentType), mediaType, 'request');
    assert.equal(message.rootXml, ROOT);
  });
});
