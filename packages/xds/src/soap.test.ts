import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StudylineError, createHttpClient } from '@studyline/core';
import { startTestServer, type TestServer } from '../../core/src/test-support/http-server.js';
import { SoapFaultError, buildEnvelope, checkAssertion, sendSoap, soapBodyElement } from './soap.js';
import { NS } from './vocabulary.js';
import { parseXml } from './xml.js';

const SOAP12_FAULT = `<env:Envelope xmlns:env="${NS.soap12}"><env:Body><env:Fault>
  <env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>wsse:InvalidSecurityToken</env:Value></env:Subcode></env:Code>
  <env:Reason><env:Text xml:lang="en">The assertion has expired.</env:Text></env:Reason>
</env:Fault></env:Body></env:Envelope>`;

const SOAP11_FAULT = `<s:Envelope xmlns:s="${NS.soap11}"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>Registry down</faultstring></s:Fault></s:Body></s:Envelope>`;

const ASSERTION = `<?xml version="1.0"?><saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" Version="2.0"><saml2:Issuer>idp</saml2:Issuer></saml2:Assertion>`;

describe('sendSoap', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const call = (url = `${server.url}/registry`) =>
    sendSoap({
      http: createHttpClient({ auth: () => ({ Authorization: 'Bearer t-1' }) }),
      url,
      action: 'urn:ihe:iti:2007:RegistryStoredQuery',
      kind: 'search',
      body: '<x:Ping xmlns:x="urn:x"/>',
      securityHeader: () => ASSERTION,
      service: 'registry',
    });

  it('sends SOAP 1.2 with addressing and assertion', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/soap+xml; charset=UTF-8' });
      response.end(`<S:Envelope xmlns:S="${NS.soap12}"><S:Body><x:Pong xmlns:x="urn:x"/></S:Body></S:Envelope>`);
    });
    const answer = await call();
    assert.equal(soapBodyElement(answer.rootXml, 'answer').localName, 'Pong');
    const [request] = server.requests;
    assert.equal(request.method, 'POST');
    assert.equal(request.headers.authorization, 'Bearer t-1');
    assert.match(String(request.headers['content-type']), /^application\/soap\+xml; charset=UTF-8; action="urn:ihe:iti:2007:RegistryStoredQuery"$/);
    const document = parseXml(request.body.toString('utf8'), 'request');
    const header = document.getElementsByTagNameNS(NS.soap12, 'Header')[0];
    assert.equal(header.getElementsByTagNameNS(NS.wsa, 'Action')[0].textContent, 'urn:ihe:iti:2007:RegistryStoredQuery');
    assert.equal(header.getElementsByTagNameNS(NS.wsa, 'To')[0].textContent, `${server.url}/registry`);
    assert.match(header.getElementsByTagNameNS(NS.wsa, 'MessageID')[0].textContent ?? '', /^urn:uuid:[0-9a-f-]{36}$/);
    const security = header.getElementsByTagNameNS(NS.wsse, 'Security')[0];
    assert.equal(security.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Assertion')[0].getAttribute('ID'), '_a1');
  });

  it('turns a SOAP 1.2 fault into a SoapFaultError', async () => {
    server.handle((_request, response) => {
      response.writeHead(400, { 'Content-Type': 'application/soap+xml' });
      response.end(SOAP12_FAULT);
    });
    await assert.rejects(call(), (error: unknown) => {
      assert.ok(error instanceof SoapFaultError);
      assert.equal(error.status, 400);
      assert.equal(error.faultCode, 'env:Sender');
      assert.deepEqual(error.subcodes, ['wsse:InvalidSecurityToken']);
      assert.equal(error.reason, 'The assertion has expired.');
      assert.equal(error.message, 'The registry at /registry returned a SOAP fault (env:Sender / wsse:InvalidSecurityToken): The assertion has expired..');
      return true;
    });
  });

  it('turns a SOAP 1.1 fault with HTTP 200 into a SoapFaultError', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/xml' });
      response.end(SOAP11_FAULT);
    });
    await assert.rejects(call(), (error: unknown) => error instanceof SoapFaultError && error.faultCode === 's:Server' && error.reason === 'Registry down');
  });

  it('reports an HTML answer as a media type error', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<html><body>Please sign in</body></html>');
    });
    await assert.rejects(call(), (error: unknown) => {
      assert.ok(error instanceof StudylineError);
      assert.equal(error.code, 'media-type');
      assert.match(error.message, /responded with text\/html instead of a SOAP message/);
      return true;
    });
  });

  it('reports a non-XML SOAP body as parse error', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/soap+xml' });
      response.end('Service temporarily unavailable');
    });
    const answer = await call();
    assert.throws(() => soapBodyElement(answer.rootXml, 'response of the registry'), (error: unknown) => error instanceof StudylineError && error.code === 'parse');
  });

  it('reports an HTTP 500 without fault as an HTTP error', async () => {
    server.handle((_request, response) => {
      response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end('boom');
    });
    await assert.rejects(call(), (error: unknown) => error instanceof StudylineError && error.code === 'http' && error.status === 500 && !(error instanceof SoapFaultError));
  });

  it('rejects an answer with a document type declaration', () => {
    assert.throws(
      () => soapBodyElement(`<!DOCTYPE x [<!ENTITY a "aaaa">]><x/>`, 'answer'),
      (error: unknown) => error instanceof StudylineError && error.code === 'parse' && /document type declaration/.test(error.message),
    );
  });

  it('rejects a URL with a credential before sending', async () => {
    await assert.rejects(call(`${server.url}/registry?access_token=secret`), (error: unknown) => error instanceof StudylineError && error.code === 'credentials-in-url');
  });
});

describe('checkAssertion', () => {
  it('strips the XML declaration', () => {
    assert.ok(checkAssertion(ASSERTION).startsWith('<saml2:Assertion'));
  });

  it('rejects anything but a SAML 2.0 assertion', () => {
    assert.throws(() => checkAssertion('<x/>'), (error: unknown) => error instanceof StudylineError && error.code === 'invalid-argument');
    assert.throws(() => checkAssertion('<a><b></a>'), (error: unknown) => error instanceof StudylineError && error.code === 'parse');
  });
});

describe('buildEnvelope', () => {
  it('escapes the action and the address', () => {
    const envelope = buildEnvelope({ action: 'a&b', url: 'http://127.0.0.1/x?a=1&b=2', body: '<x/>', messageId: 'urn:uuid:1' });
    const document = parseXml(envelope, 'envelope');
    assert.equal(document.getElementsByTagNameNS(NS.wsa, 'Action')[0].textContent, 'a&b');
    assert.equal(document.getElementsByTagNameNS(NS.wsa, 'To')[0].textContent, 'http://127.0.0.1/x?a=1&b=2');
  });
});
