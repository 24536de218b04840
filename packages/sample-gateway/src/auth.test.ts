import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { TokenIssuer, bearerToken, findCredentialInUrl } from './auth.js';
import { startTestGateway, type TestGateway } from './test-support.js';

let setup: TestGateway;

before(async () => {
  setup = await startTestGateway({ tokenLifetimeSeconds: 42 });
});

after(() => setup.gateway.close());

/** Sends a request with a raw request target, which fetch would normalise (fragments, for example). */
function rawGet(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

async function newToken(): Promise<string> {
  const response = await setup.fetchPlain('/auth/token', { method: 'POST' });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('token endpoint', () => {
  test('issues a bearer token', async () => {
    const response = await setup.fetchPlain('/auth/token', { method: 'POST' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 42);
    assert.match(String(body.access_token), /^[A-Za-z0-9_-]{43}$/);
  });

  test('rejects GET', async () => {
    const response = await setup.fetchPlain('/auth/token');
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'POST');
  });
});

describe('bearer authentication', () => {
  test('rejects a request without a token', async () => {
    const response = await setup.fetchPlain('/dicomweb/own/studies');
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer /);
    assert.match(await response.text(), /Authorization header/);
  });

  test('rejects an unknown token', async () => {
    const response = await setup.fetchPlain('/dicomweb/own/studies', { headers: { Authorization: 'Bearer not-a-token-we-issued' } });
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
  });

  test('rejects another scheme', async () => {
    const response = await setup.fetchPlain('/dicomweb/own/studies', { headers: { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
    assert.equal(response.status, 401);
  });

  test('accepts a valid token', async () => {
    const token = await newToken();
    const response = await setup.fetchPlain('/dicomweb/own/studies?limit=1', { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
  });

  test('rejects expired tokens and accepts new ones', async () => {
    const token = await newToken();
    setup.gateway.expireAllTokens();
    const expired = await setup.fetchPlain('/dicomweb/own/studies?limit=1', { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(expired.status, 401);
    assert.match(await expired.text(), /expired/);
    const fresh = await newToken();
    const response = await setup.fetchPlain('/dicomweb/own/studies?limit=1', { headers: { Authorization: `Bearer ${fresh}` } });
    assert.equal(response.status, 200);
  });

  test('rejects revoked tokens', async () => {
    const token = await newToken();
    setup.gateway.revokeAllTokens();
    const response = await setup.fetchPlain('/dicomweb/own/studies?limit=1', { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(response.status, 401);
  });

  test('leaves static routes open', async () => {
    const response = await setup.fetchPlain('/demo/config.json');
    assert.equal(response.status, 200);
  });
});

describe('credentials in URLs', () => {
  const names = ['access_token', 'token', 'id_token', 'api_key', 'apikey', 'jwt', 'password', 'ACCESS_TOKEN'];
  for (const name of names) {
    test(`rejects query parameter ${name}`, async () => {
      const before = setup.gateway.log.credentialRejections;
      const response = await setup.fetchPlain(`/dicomweb/own/studies?PatientID=SL-0001&${name}=secret-value`);
      assert.equal(response.status, 400);
      assert.match(await response.text(), /Credentials must not be sent in a URL/);
      assert.equal(setup.gateway.log.credentialRejections, before + 1);
      const entry = setup.gateway.log.entries[setup.gateway.log.entries.length - 1];
      assert.equal(entry.credentialInUrl, true);
      assert.ok(!entry.path.includes('secret-value'), entry.path);
    });
  }

  test('rejects query token despite header', async () => {
    const token = await newToken();
    const response = await setup.fetchPlain(`/dicomweb/own/studies?access_token=${token}`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(response.status, 400);
  });

  test('rejects issued token text anywhere', async () => {
    const token = await newToken();
    for (const path of [`/dicomweb/own/studies?PatientID=${token}`, `/dicomweb/own/${token}/studies`, `/static/${encodeURIComponent(token)}`]) {
      const response = await setup.fetchPlain(path);
      assert.equal(response.status, 400, path);
    }
    const logged = JSON.stringify(setup.gateway.log.entries);
    assert.ok(!logged.includes(token), 'the token text is not in the log');
  });

  test('rejects a credential in a fragment', async () => {
    const result = await rawGet(setup.gateway.port, '/dicomweb/own/studies#access_token=abc');
    assert.equal(result.status, 400);
    assert.match(result.body, /fragment parameter "access_token"/);
  });

  test('allows parameters that merely contain the words', async () => {
    // Earlier tests expired and revoked the tokens issued so far.
    const token = await newToken();
    const response = await setup.fetchPlain('/dicomweb/own/studies?PatientID=token&limit=1', { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
  });
});

describe('request log', () => {
  test('records request without secrets', async () => {
    const token = await newToken();
    setup.gateway.log.clear();
    await setup.fetchPlain('/dicomweb/own/studies?PatientID=SL-0001&limit=2', { headers: { Authorization: `Bearer ${token}` } });
    await setup.fetchPlain('/dicomweb/own/studies?limit=1');
    const [authorized, anonymous] = setup.gateway.log.entries;
    assert.equal(authorized.method, 'GET');
    assert.equal(authorized.path, '/dicomweb/own/studies?PatientID=SL-0001&limit=2');
    assert.equal(authorized.status, 200);
    assert.equal(authorized.authorization, true);
    assert.equal(authorized.source, 'own');
    assert.ok(!Number.isNaN(Date.parse(authorized.time)));
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.authorization, false);
    assert.ok(!JSON.stringify(setup.gateway.log.entries).includes(token));
  });
});

describe('auth helpers', () => {
  test('bearerToken reads the header', () => {
    assert.equal(bearerToken('Bearer abc.DEF-_~+/='), 'abc.DEF-_~+/=');
    assert.equal(bearerToken('bearer abc'), 'abc');
    assert.equal(bearerToken('Basic abc'), undefined);
    assert.equal(bearerToken('Bearer'), undefined);
    assert.equal(bearerToken(undefined), undefined);
  });

  test('TokenIssuer expires tokens by the clock', () => {
    let now = 1_000;
    const issuer = new TokenIssuer(10, () => now);
    const { access_token: token } = issuer.issue();
    assert.equal(issuer.check(token), 'valid');
    now += 10_000;
    assert.equal(issuer.check(token), 'expired');
    assert.equal(issuer.check('other'), 'unknown');
  });

  test('findCredentialInUrl redacts values', () => {
    const issuer = new TokenIssuer(10);
    const finding = findCredentialInUrl('/a?x=1&Access_Token=s3cret#jwt=abc', issuer);
    assert.equal(finding?.location, 'query parameter "Access_Token"');
    assert.equal(finding?.redactedUrl, '/a?x=1&Access_Token=[redacted]#jwt=[redacted]');
    assert.equal(findCredentialInUrl('/a?PatientID=1', issuer), undefined);
  });
});
