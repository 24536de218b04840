import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isPart10, readFileMetaInformation } from './part10.js';
import { makePart10 } from './test-support/make-part10.js';

describe('readFileMetaInformation', () => {
  it('reads the SOP instance, class and transfer syntax', () => {
    const meta = readFileMetaInformation(
      makePart10({ sopInstanceUid: '1.2.3.45', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', transferSyntaxUid: '1.2.840.10008.1.2.4.70' }),
    );
    assert.equal(meta?.sopInstanceUid, '1.2.3.45');
    assert.equal(meta?.sopClassUid, '1.2.840.10008.5.1.4.1.1.2');
    assert.equal(meta?.transferSyntaxUid, '1.2.840.10008.1.2.4.70');
  });

  it('reads a real CT file from pydicom', () => {
    const file = new Uint8Array(readFileSync(new URL('./test-support/CT_small.dcm', import.meta.url)));
    const meta = readFileMetaInformation(file);
    assert.equal(meta?.transferSyntaxUid, '1.2.840.10008.1.2.1');
    assert.equal(meta?.sopClassUid, '1.2.840.10008.5.1.4.1.1.2');
    assert.match(meta?.sopInstanceUid ?? '', /^[0-9.]+$/);
  });

  it('returns undefined for bytes that are not Part 10 or are cut short', () => {
    assert.equal(readFileMetaInformation(new TextEncoder().encode('not dicom')), undefined);
    assert.equal(isPart10(new Uint8Array(132)), false);
    const cut = makePart10({ sopInstanceUid: '1.2.3' }).slice(0, 150);
    assert.equal(readFileMetaInformation(cut), undefined);
  });
});
