/**
 * The sample gateway: an HTTP server on 127.0.0.1 with a DICOMweb root per
 * source, bearer-token auth, a request log, fault injection, static files and
 * optional forwarding to other DICOMweb servers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenIssuer, bearerToken, findCredentialInUrl, type TokenResponse } from './auth.js';
import { handleSampleSource, sourceStoreDir, type SampleSourceContext } from './dicomweb-routes.js';
import { validateFaults, type SourceFaults } from './faults.js';
import { DEFAULT_SEED, ensureSampleData } from './generate-samples.js';
import { HttpError, delay, sendJson, sendText } from './http-util.js';
import { SOURCE_KEY_PATTERN, forwardRequest, upstreamUrl, validateUpstream, type Upstream, type UpstreamOptions } from './proxy.js';
import { RenderError, Renderer } from './render.js';
import { RequestLog } from './request-log.js';
import { SAMPLE_PATIENT, SAMPLE_SOURCES, type SampleSourceDefinition } from './sample-history.js';
import { serveStatic } from './static-files.js';
import { InstanceStore, loadDirectory } from './store.js';
import type { XdsCommunityDefinition } from './xds/communities.js';
import { XdsEnvironment } from './xds/xds-environment.js';

/** Receives the gateway's log lines. Messages are plain sentences without tokens or patient data. */
export interface GatewayLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Logs errors and warnings to stderr and nothing else: the default for a library that tests start. */
const defaultLogger: GatewayLogger = {
  info: () => undefined,
  warn: (message) => console.warn(message),
  error: (message, error) => console.error(error === undefined ? message : `${message} ${errorText(error)}`),
};

export interface SampleGatewayOptions {
  /** Port on 127.0.0.1. The default 0 picks a free one. */
  port?: number;
  /** Folder served at `/`, such as the demo page. Without it `/` responds with 404. */
  staticDir?: string;
  /** Folder of the generated sample history. Default `packages/sample-gateway/.cache/sample-data`. */
  dataDir?: string;
  templatesDir?: string;
  /** Seed of the sample UIDs. */
  seed?: string;
  /**
   * Folder for instances received through STOW-RS, one sub-folder per
   * source. Instances already there are loaded at start. Without it a new
   * temporary folder is used and removed by `close()`.
   */
  storeDir?: string;
  /** The sample sources. Default: the own hospital and two external hospitals of the sample history. */
  sources?: readonly SampleSourceDefinition[];
  /** Sources whose requests are forwarded to other DICOMweb servers. */
  upstreams?: readonly UpstreamOptions[];
  /** Faults per source key at start. `setFaults` changes them later. */
  faults?: Readonly<Record<string, SourceFaults>>;
  /** Lifetime of issued tokens in seconds. Default 600. */
  tokenLifetimeSeconds?: number;
  /** Largest instance that STOW-RS accepts, in bytes. Default 512 MiB. */
  maxInstanceBytes?: number;
  /**
   * How `/demo/config.json` tells the demo page to reach the other hospitals:
   * through the XDS-I.b environment (default) or through their DICOMweb roots.
   */
  demoExternals?: 'xds' | 'dicomweb';
  /** The sample XDS-I.b environment under `/xds/`. Default: the communities of `SAMPLE_XDS_COMMUNITIES`. */
  xds?: {
    communities?: readonly XdsCommunityDefinition[];
    /** Largest number of LeafClass results per query; more give XDSTooManyResults. Default: no limit. */
    maxLeafClassResults?: number;
  };
  logger?: GatewayLogger;
}

/** A source as the gateway serves it. */
export interface GatewaySource {
  /** Path segment of the DICOMweb root, also the source id in `/demo/config.json`. */
  key: string;
  label: string;
  kind: 'internal' | 'external';
  institution?: string;
  /** `sample` for a source served from the sample history, `upstream` for one forwarded to another server. */
  type: 'sample' | 'upstream';
  /** Path of the DICOMweb root, `/dicomweb/<key>`. */
  baseUrl: string;
  /** Absolute URL of the DICOMweb root. */
  url: string;
  maxResults?: number;
}

export interface SampleGateway {
  /** Origin of the server, such as `http://127.0.0.1:41234`, without a trailing slash. */
  url: string;
  port: number;
  sources: readonly GatewaySource[];
  /** The instance index of each sample source by key. */
  stores: ReadonlyMap<string, InstanceStore>;
  patient: { id: string; issuer: string };
  log: RequestLog;
  dataDir: string;
  storeDir: string;
  /** Issues a token as `POST /auth/token` does. */
  issueToken(): TokenResponse;
  /** Makes every token issued so far expired. */
  expireAllTokens(): void;
  /** Makes every token issued so far unknown. */
  revokeAllTokens(): void;
  /** Sets the lifetime of tokens issued from now on, in seconds. */
  setTokenLifetime(seconds: number): void;
  /** Replaces the faults of a source, and `{}` clears them. Also restarts the count of `serviceUnavailableCount`. */
  setFaults(key: string, faults: SourceFaults): void;
  /** Sets or clears (undefined) a sample source's maximum number of study results. */
  setMaxResults(key: string, maxResults: number | undefined): void;
  /** Number of images decoded for `/rendered` and number held in the cache. */
  renderStats(): { rendered: number; cached: number };
  /** The sample XDS-I.b environment, built at start from the sample sources' studies. */
  xds: XdsEnvironment;
  /** Stops the server, closes open connections and removes the temporary store folder. */
  close(): Promise<void>;
}

interface SourceState {
  source: GatewaySource;
  store?: InstanceStore;
  upstream?: Upstream;
  faults: SourceFaults;
  /** Number of requests that still get 503 under `serviceUnavailableCount`. */
  unavailableRemaining: number;
}

/** A Host header worth echoing in URLs: a host name or address with an optional port. */
const HOST_PATTERN = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts the sample gateway: generates the sample history when needed, loads
 * it, and listens on 127.0.0.1. Rejects when the port is taken or an option
 * is invalid.
 */
export async function createSampleGateway(options: SampleGatewayOptions = {}): Promise<SampleGateway> {
  const logger = options.logger ?? defaultLogger;
  const sampleDefinitions = options.sources ?? SAMPLE_SOURCES;
  const upstreams = (options.upstreams ?? []).map(validateUpstream);

  const keys = new Set<string>();
  for (const key of [...sampleDefinitions.map((source) => source.key), ...upstreams.map((upstream) => upstream.key)]) {
    if (!SOURCE_KEY_PATTERN.test(key)) throw new TypeError(`Source key "${key}" is invalid: use 1 to 32 lower-case letters, digits and hyphens.`);
    if (keys.has(key)) throw new TypeError(`Two sources have the key "${key}", but keys must be unique.`);
    keys.add(key);
  }
  for (const key of Object.keys(options.faults ?? {})) {
    if (!keys.has(key)) throw new TypeError(`Faults are given for source "${key}", which does not exist.`);
  }

  const sample = await ensureSampleData({ dataDir: options.dataDir, templatesDir: options.templatesDir, seed: options.seed });
  if (sample.generated) logger.info(`Generated the sample history in ${sample.dataDir} (${sample.fileCount} files).`);

  const temporaryStore = options.storeDir === undefined;
  const storeRoot = options.storeDir ?? (await mkdtemp(join(tmpdir(), 'studyline-gateway-store-')));

  const states = new Map<string, SourceState>();
  const stores = new Map<string, InstanceStore>();
  for (const definition of sampleDefinitions) {
    const store = new InstanceStore(definition.key);
    for (const directory of [join(sample.dataDir, definition.key), sourceStoreDir(storeRoot, definition.key)]) {
      const { skipped } = await loadDirectory(directory, store);
      for (const file of skipped) logger.warn(`Skipped ${file.path}: ${file.reason}`);
    }
    stores.set(definition.key, store);
    states.set(definition.key, {
      source: {
        key: definition.key, label: definition.label, kind: definition.kind, institution: definition.institution,
        type: 'sample', baseUrl: `/dicomweb/${definition.key}`, url: '', maxResults: definition.maxResults,
      },
      store,
      faults: validateFaults(definition.key, options.faults?.[definition.key] ?? {}),
      unavailableRemaining: options.faults?.[definition.key]?.serviceUnavailableCount ?? 0,
    });
  }
  for (const upstream of upstreams) {
    states.set(upstream.key, {
      source: {
        key: upstream.key, label: upstream.label, kind: upstream.kind, institution: upstream.institution,
        type: 'upstream', baseUrl: `/dicomweb/${upstream.key}`, url: '',
      },
      upstream,
      faults: validateFaults(upstream.key, options.faults?.[upstream.key] ?? {}),
      unavailableRemaining: options.faults?.[upstream.key]?.serviceUnavailableCount ?? 0,
    });
  }

  const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 600;
  if (!Number.isInteger(tokenLifetimeSeconds) || tokenLifetimeSeconds < 1) {
    throw new TypeError(`tokenLifetimeSeconds must be a positive integer, not ${tokenLifetimeSeconds}.`);
  }
  const tokens = new TokenIssuer(tokenLifetimeSeconds);
  const xds = new XdsEnvironment({
    seed: options.seed ?? DEFAULT_SEED,
    stores,
    patientId: SAMPLE_PATIENT.id,
    communities: options.xds?.communities,
    maxLeafClassResults: options.xds?.maxLeafClassResults,
  });
  const log = new RequestLog();
  const renderer = new Renderer();
  const maxInstanceBytes = options.maxInstanceBytes ?? 512 * 1024 ** 2;
  let port = 0;

  const onError = (message: string, error?: unknown): void => logger.error(message, error);

  async function handleDicomweb(request: IncomingMessage, response: ServerResponse, pathname: string, query: string, setSource: (key: string) => void): Promise<void> {
    const rest = pathname.slice('/dicomweb/'.length);
    const slash = rest.indexOf('/');
    const key = slash === -1 ? rest : rest.slice(0, slash);
    const subPath = slash === -1 ? '' : rest.slice(slash);
    const state = states.get(key);
    if (state === undefined) throw new HttpError(404, `There is no source "${key}". See /demo/config.json for the sources.`);
    setSource(key);

    const token = bearerToken(request.headers.authorization);
    const tokenState = token === undefined ? undefined : tokens.check(token);
    if (tokenState !== 'valid') {
      const detail = tokenState === undefined
        ? 'Send a bearer token from POST /auth/token in the Authorization header.'
        : tokenState === 'expired' ? 'The access token expired; get a new one from POST /auth/token.' : 'The access token is not valid; get one from POST /auth/token.';
      const challenge = tokenState === undefined ? 'Bearer realm="studyline-sample-gateway"' : `Bearer realm="studyline-sample-gateway", error="invalid_token"`;
      throw new HttpError(401, detail, { 'WWW-Authenticate': challenge });
    }

    const faults = state.faults;
    if (faults.latencyMs) await delay(faults.latencyMs);
    if (state.unavailableRemaining > 0) {
      state.unavailableRemaining--;
      throw new HttpError(503, `Source "${key}" is busy (injected fault). Retry after one second.`, { 'Retry-After': '1' });
    }
    if (faults.failStatus !== undefined) throw new HttpError(faults.failStatus, `Source "${key}" failed this request (injected fault, HTTP ${faults.failStatus}).`);
    if (faults.htmlResponse) {
      const page = '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><h1>Please sign in</h1></body></html>\n';
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(page) });
      response.end(page);
      return;
    }

    if (state.upstream !== undefined) {
      const target = upstreamUrl(state.upstream, subPath, query);
      await forwardRequest(state.upstream, target, request, response, onError);
      return;
    }

    const host = request.headers.host !== undefined && HOST_PATTERN.test(request.headers.host) ? request.headers.host : `127.0.0.1:${port}`;
    const context: SampleSourceContext = {
      key,
      store: state.store as InstanceStore,
      storeDir: sourceStoreDir(storeRoot, key),
      baseUrl: `http://${host}/dicomweb/${key}`,
      warnAgent: `127.0.0.1:${port}`,
      maxResults: state.source.maxResults,
      faults,
      renderer,
      maxInstanceBytes,
      onError,
    };
    await handleSampleSource(request, response, context, subPath, new URLSearchParams(query));
  }

  function demoConfig(): unknown {
    return {
      patient: { id: SAMPLE_PATIENT.id, issuer: SAMPLE_PATIENT.issuer },
      sources: [...states.values()].map(({ source }) => ({
        id: source.key,
        label: source.label,
        kind: source.kind,
        institution: source.institution,
        type: source.type,
        baseUrl: source.baseUrl,
      })),
      tokenUrl: '/auth/token',
      externals: options.demoExternals ?? 'xds',
      xds: xds.describe(),
    };
  }

  /** Rejects a request without a valid bearer token, as the DICOMweb routes do. */
  function requireToken(request: IncomingMessage): void {
    const token = bearerToken(request.headers.authorization);
    const tokenState = token === undefined ? undefined : tokens.check(token);
    if (tokenState === 'valid') return;
    const detail = tokenState === undefined
      ? 'Send a bearer token from POST /auth/token in the Authorization header.'
      : tokenState === 'expired' ? 'The access token expired; get a new one from POST /auth/token.' : 'The access token is not valid; get one from POST /auth/token.';
    const challenge = tokenState === undefined ? 'Bearer realm="studyline-sample-gateway"' : `Bearer realm="studyline-sample-gateway", error="invalid_token"`;
    throw new HttpError(401, detail, { 'WWW-Authenticate': challenge });
  }

  async function route(request: IncomingMessage, response: ServerResponse, pathname: string, query: string, setSource: (key: string) => void): Promise<void> {
    if (pathname === '/auth/token') {
      if (request.method !== 'POST') throw new HttpError(405, 'Tokens are issued by POST /auth/token.', { Allow: 'POST' });
      request.resume();
      sendJson(response, 200, tokens.issue(), 'application/json', { Pragma: 'no-cache' });
      return;
    }
    if (pathname === '/demo/config.json') {
      if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpError(405, 'Use GET for /demo/config.json.', { Allow: 'GET, HEAD' });
      sendJson(response, 200, demoConfig(), 'application/json');
      return;
    }
    if (pathname.startsWith('/dicomweb/')) {
      await handleDicomweb(request, response, pathname, query, setSource);
      return;
    }
    if (pathname.startsWith('/xds/')) {
      setSource('xds');
      requireToken(request);
      await xds.handle(request, response, pathname.slice('/xds'.length));
      return;
    }
    if (options.staticDir === undefined) {
      throw new HttpError(404, `No file at ${pathname}: this gateway was started without a static folder (--static DIR).`);
    }
    await serveStatic(options.staticDir, pathname, request, response);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = Date.now();
    const rawUrl = request.url ?? '/';
    const entry = {
      method: request.method ?? '',
      path: rawUrl,
      authorization: request.headers.authorization !== undefined,
      time: new Date(started).toISOString(),
      source: undefined as string | undefined,
      credentialInUrl: false,
    };
    response.on('close', () => {
      log.add({ ...entry, status: response.statusCode, durationMs: Date.now() - started, completed: response.writableFinished });
    });

    try {
      const credential = findCredentialInUrl(rawUrl, tokens);
      if (credential !== undefined) {
        entry.path = credential.redactedUrl;
        entry.credentialInUrl = true;
        request.resume();
        throw new HttpError(400, `Credentials must not be sent in a URL, and this request has one in its ${credential.location}. Send the token in the Authorization header.`);
      }
      const hashAt = rawUrl.indexOf('#');
      const withoutFragment = hashAt === -1 ? rawUrl : rawUrl.slice(0, hashAt);
      const queryAt = withoutFragment.indexOf('?');
      const pathname = queryAt === -1 ? withoutFragment : withoutFragment.slice(0, queryAt);
      const query = queryAt === -1 ? '' : withoutFragment.slice(queryAt + 1);
      if (!pathname.startsWith('/')) throw new HttpError(400, 'The request target must be an absolute path.');
      await route(request, response, pathname, query, (key) => {
        entry.source = key;
      });
    } catch (error) {
      let status = 500;
      let message = 'The gateway failed to handle this request. See its log.';
      let headers: Record<string, string> = {};
      if (error instanceof HttpError) {
        ({ status, message, headers } = error);
      } else if (error instanceof RenderError) {
        ({ status, message } = error);
        if (status >= 500) logger.error(message);
      } else {
        logger.error(`Request ${request.method} ${entry.path.split('?')[0]} failed.`, error);
      }
      if (!response.headersSent) {
        // The request body may still be arriving, and reading it lets the client receive the response.
        request.resume();
        sendText(response, status, message, headers);
      } else {
        response.destroy();
      }
    }
  }

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  try {
    port = await listen(server, options.port ?? 0);
  } catch (error) {
    if (temporaryStore) await rm(storeRoot, { recursive: true, force: true });
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  for (const state of states.values()) state.source.url = `${url}${state.source.baseUrl}`;
  logger.info(`Sample gateway listening on ${url}/ with sources ${[...states.keys()].join(', ')}.`);

  const sources = [...states.values()].map((state) => state.source);
  return {
    url,
    port,
    sources,
    stores,
    patient: { id: SAMPLE_PATIENT.id, issuer: SAMPLE_PATIENT.issuer },
    log,
    dataDir: sample.dataDir,
    storeDir: storeRoot,
    issueToken: () => tokens.issue(),
    expireAllTokens: () => tokens.expireAll(),
    revokeAllTokens: () => tokens.revokeAll(),
    setTokenLifetime(seconds) {
      if (!Number.isInteger(seconds) || seconds < 1) throw new TypeError(`Token lifetime must be a positive number of seconds, not ${seconds}.`);
      tokens.lifetimeSeconds = seconds;
    },
    setFaults(key, faults) {
      const state = states.get(key);
      if (state === undefined) throw new TypeError(`There is no source "${key}".`);
      state.faults = validateFaults(key, faults);
      state.unavailableRemaining = faults.serviceUnavailableCount ?? 0;
    },
    setMaxResults(key, maxResults) {
      const state = states.get(key);
      if (state?.store === undefined) throw new TypeError(`There is no sample source "${key}".`);
      if (maxResults !== undefined && (!Number.isInteger(maxResults) || maxResults < 1)) {
        throw new TypeError(`maxResults must be a positive integer, not ${maxResults}.`);
      }
      state.source.maxResults = maxResults;
    },
    renderStats: () => ({ rendered: renderer.renderCount, cached: renderer.cachedImageCount }),
    xds,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (temporaryStore) await rm(storeRoot, { recursive: true, force: true });
      logger.info(`Sample gateway on ${url}/ stopped.`);
    },
  };
}
