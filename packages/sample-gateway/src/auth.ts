/**
 * Bearer tokens for the DICOMweb routes, and the check that rejects URLs
 * carrying credentials.
 */
import { randomBytes } from 'node:crypto';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  /** Lifetime in seconds. */
  expires_in: number;
}

export type TokenState = 'valid' | 'expired' | 'unknown';

/**
 * Number of issued tokens remembered for the credential-in-URL check. Older
 * ones are forgotten, and a demo session issues far fewer.
 */
const MAX_REMEMBERED_TOKENS = 10_000;

/** Issues and checks random bearer tokens with a fixed lifetime. */
export class TokenIssuer {
  /** Expiry time in milliseconds by token. Revoked tokens are removed. */
  private readonly expiries = new Map<string, number>();
  /** Every token issued, including expired and revoked ones, so that one in a URL is still recognised. */
  private readonly issued = new Set<string>();

  constructor(
    public lifetimeSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(): TokenResponse {
    const token = randomBytes(32).toString('base64url');
    this.expiries.set(token, this.now() + this.lifetimeSeconds * 1000);
    this.issued.add(token);
    if (this.issued.size > MAX_REMEMBERED_TOKENS) {
      const oldest = this.issued.values().next().value as string;
      this.issued.delete(oldest);
      this.expiries.delete(oldest);
    }
    return { access_token: token, token_type: 'Bearer', expires_in: this.lifetimeSeconds };
  }

  check(token: string): TokenState {
    const expiry = this.expiries.get(token);
    if (expiry === undefined) return 'unknown';
    return this.now() < expiry ? 'valid' : 'expired';
  }

  /** Makes every token issued so far expired. Tokens issued later are valid. */
  expireAll(): void {
    const now = this.now();
    for (const token of this.expiries.keys()) this.expiries.set(token, now);
  }

  /** Forgets every token issued so far, so they become unknown. */
  revokeAll(): void {
    this.expiries.clear();
  }

  /** Finds an issued token inside a text, such as a request URL. */
  findIn(text: string): string | undefined {
    if (text.length < 43) return undefined;
    for (const token of this.issued) if (text.includes(token)) return token;
    return undefined;
  }
}

/** Reads the token of an `Authorization: Bearer …` header (RFC 6750 section 2.1), or undefined for other schemes. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  return match ? match[1] : undefined;
}

/** Query and fragment parameter names that carry credentials. */
const CREDENTIAL_PARAMETERS = new Set([
  'access_token',
  'token',
  'id_token',
  'refresh_token',
  'api_key',
  'apikey',
  'jwt',
  'password',
]);

export interface CredentialFinding {
  /** Location of the credential for the error message, such as `query parameter "token"`. */
  location: string;
  /** The URL with the credential values replaced by `[redacted]`, safe to log. */
  redactedUrl: string;
}

function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function redactParameters(text: string): string {
  return text
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = decodeLeniently(equals === -1 ? pair : pair.slice(0, equals)).toLowerCase();
      return CREDENTIAL_PARAMETERS.has(name) && equals !== -1 ? `${pair.slice(0, equals)}=[redacted]` : pair;
    })
    .join('&');
}

/**
 * Looks for a credential in a request URL (path, query and, when a client
 * sent one, fragment): a parameter named like a credential, or the text of a
 * token this server issued. Returns undefined when there is none.
 */
export function findCredentialInUrl(url: string, issuer: TokenIssuer): CredentialFinding | undefined {
  const hashAt = url.indexOf('#');
  const beforeFragment = hashAt === -1 ? url : url.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : url.slice(hashAt + 1);
  const queryAt = beforeFragment.indexOf('?');
  const query = queryAt === -1 ? '' : beforeFragment.slice(queryAt + 1);

  let location: string | undefined;
  for (const [part, text] of [['query', query], ['fragment', fragment]] as const) {
    for (const name of new URLSearchParams(text).keys()) {
      if (CREDENTIAL_PARAMETERS.has(name.toLowerCase())) {
        location ??= `${part} parameter "${name}"`;
      }
    }
  }

  const token = issuer.findIn(url) ?? issuer.findIn(decodeLeniently(url));
  if (location === undefined && token === undefined) return undefined;

  let redacted = url;
  if (queryAt !== -1) {
    const path = beforeFragment.slice(0, queryAt);
    redacted = `${path}?${redactParameters(query)}${hashAt === -1 ? '' : `#${redactParameters(fragment)}`}`;
  } else if (hashAt !== -1) {
    redacted = `${beforeFragment}#${redactParameters(fragment)}`;
  }
  if (token !== undefined) {
    redacted = redacted.split(token).join('[redacted]');
    // A percent-encoded copy of the token is a different text, so the whole URL is withheld then.
    if (decodeLeniently(redacted).includes(token)) redacted = '[redacted URL]';
  }
  return { location: location ?? 'URL (the text of an issued access token)', redactedUrl: redacted };
}
