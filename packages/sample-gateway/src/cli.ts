/**
 * Command line of the sample gateway:
 * `node --conditions=source --import tsx packages/sample-gateway/src/cli.ts --help`.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createSampleGateway, type GatewayLogger } from './server.js';
import type { UpstreamOptions } from './proxy.js';

const HELP = `Studyline sample gateway: a DICOMweb server on 127.0.0.1 with a fictional
patient's imaging history from three hospitals, for the demo and for tests.

Usage: node --conditions=source --import tsx packages/sample-gateway/src/cli.ts [options]

Options:
  --port PORT                Port on 127.0.0.1 to listen on (default 8080; 0 picks a free port).
  --static DIR               Folder served at / (the demo page).
  --upstream KEY=LABEL=URL[=internal|=external]
                             Add a source whose DICOMweb requests are forwarded to the
                             DICOMweb root URL (http or https), such as
                             orthanc=Orthanc=http://127.0.0.1:8042/dicom-web. The source is
                             external unless the last field says internal. Repeatable.
  --token-lifetime SECONDS   Lifetime of the access tokens from POST /auth/token (default 600).
  --externals xds|dicomweb   How the demo page reaches the other hospitals: through the
                             sample XDS-I.b environment (default) or over DICOMweb.
  --help                     Show this text.

Every DICOMweb request needs "Authorization: Bearer <token>" with a token from
POST /auth/token. The sources are listed at /demo/config.json.

The same gateway serves a sample XDS-I.b environment (SOAP 1.2, MTOM/XOP) with
the same bearer token: /xds/registry (ITI-18 through an initiating gateway),
/xds/repository (ITI-43), /xds/imaging (RAD-69), and per community
/xds/<community>/query (ITI-38), /retrieve (ITI-39) and /imaging (RAD-75).
The community zuiderhaven is configured as unreachable.
`;

/** Parses one --upstream value: KEY=LABEL=URL with an optional =internal or =external at the end. */
export function parseUpstream(value: string): UpstreamOptions {
  const fields = value.split('=');
  let kind: 'internal' | 'external' | undefined;
  const last = fields[fields.length - 1];
  if (fields.length >= 4 && (last === 'internal' || last === 'external')) {
    kind = last;
    fields.pop();
  }
  if (fields.length < 3 || fields[0] === '' || fields[1] === '') {
    throw new TypeError(`--upstream "${value}" is invalid: write KEY=LABEL=URL, for example orthanc=Orthanc=http://127.0.0.1:8042/dicom-web.`);
  }
  return { key: fields[0], label: fields[1], url: fields.slice(2).join('='), kind };
}

function parseInteger(name: string, value: string, minimum: number, maximum: number): number {
  if (!/^\d+$/.test(value) || Number(value) < minimum || Number(value) > maximum) {
    throw new TypeError(`${name} must be a whole number from ${minimum} to ${maximum}, not "${value}".`);
  }
  return Number(value);
}

const consoleLogger: GatewayLogger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(`Warning: ${message}`),
  error: (message, error) => console.error(`Error: ${message}${error instanceof Error ? ` ${error.message}` : ''}`),
};

/** Runs the command. Returns the exit code, or undefined while the server keeps running. */
async function main(): Promise<number | undefined> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        static: { type: 'string' },
        upstream: { type: 'string', multiple: true },
        'token-lifetime': { type: 'string' },
        externals: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\nRun with --help for the options.`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }

  let port: number;
  let tokenLifetimeSeconds: number;
  let upstreams: UpstreamOptions[];
  try {
    port = parseInteger('--port', values.port ?? '8080', 0, 65535);
    tokenLifetimeSeconds = parseInteger('--token-lifetime', values['token-lifetime'] ?? '600', 1, 7 * 24 * 3600);
    upstreams = (values.upstream ?? []).map(parseUpstream);
    if (values.externals !== undefined && values.externals !== 'xds' && values.externals !== 'dicomweb') {
      throw new TypeError(`--externals "${values.externals}" is invalid: write xds or dicomweb.`);
    }
  } catch (error) {
    console.error(`${(error as Error).message}\nRun with --help for the options.`);
    return 2;
  }

  const staticDir = values.static === undefined ? undefined : resolve(values.static);
  console.log('Starting the Studyline sample gateway.');
  let gateway;
  try {
    const demoExternals = values.externals as 'xds' | 'dicomweb' | undefined;
    gateway = await createSampleGateway({ port, staticDir, upstreams, tokenLifetimeSeconds, demoExternals, logger: consoleLogger });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') console.error(`Could not listen on 127.0.0.1:${port}: the port is in use. Choose another with --port.`);
    else console.error(`The sample gateway could not start: ${(error as Error).message}`);
    return 1;
  }
  for (const source of gateway.sources) {
    console.log(`  ${source.label} (${source.kind}, ${source.type}): ${source.url}/`);
  }
  const xdsUse = values.externals === 'dicomweb' ? ' (the demo page reaches these hospitals over DICOMweb instead)' : '';
  console.log(`  XDS-I.b registry (ITI-18): ${gateway.url}/xds/registry, communities ${gateway.xds.communities.map((community) => community.key).join(', ')}${xdsUse}`);
  console.log(staticDir === undefined ? `Open ${gateway.url}/demo/config.json to see the sources.` : `Open ${gateway.url}/ in a browser.`);

  const stop = (signal: string): void => {
    console.log(`Received ${signal}, stopping the sample gateway.`);
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Stopping failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return undefined;
}

const exitCode = await main();
if (exitCode !== undefined) process.exitCode = exitCode;
