import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildAcceptHeader, createBoundary, formatMediaType, parseMediaType } from './media-type.js';

describe('parseMediaType', () => {
  it('reads quoted parameters with case-insensitive names', () => {
    const parsed = parseMediaType('Multipart/Related; Type="application/dicom"; BOUNDARY="uuid:0a1b-fake"');
    assert.equal(parsed.type, 'multipart/related');
    assert.equal(parsed.parameters.get('type'), 'application/dicom');
    assert.equal(parsed.parameters.get('boundary'), 'uuid:0a1b-fake');
  });

  it('reads unquoted parameters and quoted values with separators and escapes', () => {
    const parsed = parseMediaType('multipart/related;boundary=abc ; start="<a;b=c>"; title="say \\"hi\\""');
    assert.equal(parsed.parameters.get('boundary'), 'abc');
    assert.equal(parsed.parameters.get('start'), '<a;b=c>');
    assert.equal(parsed.parameters.get('title'), 'say "hi"');
  });

  it('skips malformed parameters', () => {
    const parsed = parseMediaType('application/dicom; broken; transfer-syntax=1.2.840.10008.1.2.4.70');
    assert.equal(parsed.parameters.get('transfer-syntax'), '1.2.840.10008.1.2.4.70');
    assert.equal(parsed.parameters.size, 1);
  });
});

describe('buildAcceptHeader', () => {
  it('puts transfer-syntax outside the quoted type', () => {
    assert.equal(
      buildAcceptHeader([{ mediaType: 'image/jpeg', transferSyntax: '1.2.840.10008.1.2.4.50' }]),
      'multipart/related; type="image/jpeg"; transfer-syntax=1.2.840.10008.1.2.4.50',
    );
  });

  it('gives one transfer-syntax per media range', () => {
    const header = buildAcceptHeader([
      { mediaType: 'application/dicom', transferSyntax: '1.2.840.10008.1.2.1' },
      { mediaType: 'application/dicom', transferSyntax: '*', quality: 0.5 },
    ]);
    assert.equal(header.split(',').length, 2);
    for (const range of header.split(',')) assert.equal(range.match(/transfer-syntax=/g)?.length, 1);
  });
});

describe('STOW request Content-Type', () => {
  it('quotes type and uses a token boundary', () => {
    const boundary = createBoundary();
    assert.match(boundary, /^[A-Za-z0-9-]+$/);
    const header = formatMediaType('multipart/related', [
      ['type', 'application/dicom'],
      ['boundary', boundary],
    ]);
    assert.equal(header, `multipart/related; type="application/dicom"; boundary=${boundary}`);
  });
});
