/**
 * Real Orthanc servers for tests: each with its own generated configuration,
 * free ports and storage in a temporary folder, reached on 127.0.0.1 only.
 *
 * The tests use DICOMweb only, so the DICOM (DIMSE) server is off.
 * TODO: Orthanc 1.10 has no bind-address option, so its HTTP port listens on
 * all interfaces while a test runs. `RemoteAccessAllowed: false` makes it
 * reject requests from other hosts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ORTHANC_EXECUTABLE = '/usr/sbin/Orthanc';
export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

const STARTUP_TIMEOUT_MS = 20_000;
const START_ATTEMPTS = 3;
const STOP_TIMEOUT_MS = 5_000;

export interface OrthancOptions {
  /** Shown in Orthanc's `/system` and in error messages, for example `external`. */
  name: string;
  /** Lua scripts to load, as source text (Orthanc's `LuaScripts` option). */
  luaScripts?: readonly string[];
  /** Further configuration options, merged over the generated ones. */
  extraConfiguration?: Record<string, unknown>;
}

/** Orthanc's response to `POST /instances` for one file. */
export interface OrthancUploadResult {
  /** Orthanc's own identifier of the instance. */
  ID: string;
  /** `Success`, `AlreadyStored` or `FilteredOut`. */
  Status: string;
}

export interface OrthancServer {
  readonly name: string;
  readonly httpPort: number;
  readonly dicomPort: number;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Base URL of the DICOMweb service, `http://127.0.0.1:PORT/dicom-web`. */
  readonly dicomWebUrl: string;
  /** The temporary folder with the configuration, the storage and the log. */
  readonly folder: string;
  /** Process id of the running Orthanc, or undefined while it is stopped. */
  readonly pid: number | undefined;
  /** Stores one Part 10 file through the REST API (`POST /instances`). */
  upload(file: Uint8Array): Promise<OrthancUploadResult>;
  /** Deletes every patient, so that the server is empty. */
  clear(): Promise<void>;
  /** Number of instances stored, from `GET /statistics`. */
  countInstances(): Promise<number>;
  /** Kills the process with SIGKILL, as a crash would, and keeps the storage. */
  kill(): Promise<void>;
  /** Starts the server again with the same configuration, ports and storage. */
  restart(): Promise<void>;
  /** Stops the server and deletes its temporary folder. Safe to call twice. */
  stop(): Promise<void>;
  /** The last lines of Orthanc's log, for failure messages. */
  logTail(lines?: number): string;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test run that ends without calling stop() (a crash, a forgotten after()) must not leave Orthanc running.
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** Throws with the install command when Orthanc or its DICOMweb plugin is missing. */
export function requireOrthanc(): void {
  const missing = [ORTHANC_EXECUTABLE, DICOMWEB_PLUGIN].filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(
      `Orthanc is not installed (missing ${missing.join(' and ')}). These tests run against real Orthanc servers: ` +
        'install them with `apt-get install -y orthanc orthanc-dicomweb`.',
    );
  }
}

/** Finds a TCP port that is free on 127.0.0.1 at this moment. */
async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/**
 * Starts an Orthanc with the DICOMweb plugin and waits until its REST API
 * responds. A port that another process takes between the free-port check
 * and Orthanc's start makes Orthanc exit, so a failed start is tried again
 * with new ports, up to three times.
 */
export async function startOrthanc(options: OrthancOptions): Promise<OrthancServer> {
  requireOrthanc();
  installExitHook();
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (attempt >= START_ATTEMPTS) throw error;
    }
  }
}

async function startOnce(options: OrthancOptions): Promise<OrthancServer> {
  const folder = mkdtempSync(join(tmpdir(), `studyline-orthanc-${options.name}-`));
  const httpPort = await findFreePort();
  let dicomPort = await findFreePort();
  while (dicomPort === httpPort) dicomPort = await findFreePort();

  const luaPaths = (options.luaScripts ?? []).map((script, index) => {
    const path = join(folder, `script-${index + 1}.lua`);
    writeFileSync(path, script);
    return path;
  });
  const configuration: Record<string, unknown> = {
    Name: options.name,
    StorageDirectory: join(folder, 'storage'),
    IndexDirectory: join(folder, 'storage'),
    HttpPort: httpPort,
    DicomPort: dicomPort,
    DicomServerEnabled: false,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    SaveJobs: false,
    Plugins: [DICOMWEB_PLUGIN],
    LuaScripts: luaPaths,
    DicomWeb: {
      Enable: true,
      Root: '/dicom-web/',
      EnableWado: true,
      StudiesMetadata: 'Full',
      SeriesMetadata: 'Full',
    },
    ...options.extraConfiguration,
  };
  const configurationPath = join(folder, 'orthanc.json');
  writeFileSync(configurationPath, JSON.stringify(configuration, null, 2));
  const logPath = join(folder, 'orthanc.log');
  const url = `http://127.0.0.1:${httpPort}`;

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const logTail = (lines = 20): string => {
    try {
      return readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  };

  async function launch(): Promise<void> {
    // Orthanc writes its log to the file directly, so nothing is buffered in this process.
    const log = openSync(logPath, 'a');
    const orthanc = spawn(ORTHANC_EXECUTABLE, [configurationPath], { cwd: folder, stdio: ['ignore', log, log] });
    closeSync(log);
    child = orthanc;
    running.add(orthanc);
    let exitCode: number | null | undefined;
    exited = new Promise((resolve) => {
      orthanc.once('exit', (code, signal) => {
        exitCode = code ?? (signal === null ? null : -1);
        running.delete(orthanc);
        if (child === orthanc) child = undefined;
        resolve();
      });
    });

    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (exitCode !== undefined) {
        throw new Error(`Orthanc "${options.name}" exited while starting (exit code ${exitCode}). Its log ends with:\n${logTail()}`);
      }
      try {
        const response = await fetch(`${url}/system`, { signal: AbortSignal.timeout(1000) });
        if (response.ok) {
          await response.body?.cancel();
          return;
        }
      } catch {
        // Not listening yet.
      }
      await delay(50);
    }
    orthanc.kill('SIGKILL');
    await exited;
    throw new Error(`Orthanc "${options.name}" did not respond on ${url}/system within ${STARTUP_TIMEOUT_MS / 1000} s. Its log ends with:\n${logTail()}`);
  }

  async function terminate(signal: NodeJS.Signals): Promise<void> {
    const orthanc = child;
    if (orthanc === undefined) return;
    orthanc.kill(signal);
    const timer = setTimeout(() => orthanc.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  async function rest(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(`${url}${path}`, init);
    if (!response.ok) {
      const text = await response.text();
      throw new Error(`Orthanc "${options.name}" returned HTTP ${response.status} for ${init.method ?? 'GET'} ${path}: ${text.slice(0, 300)}`);
    }
    return response;
  }

  try {
    await launch();
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }

  let stopped = false;
  return {
    name: options.name,
    httpPort,
    dicomPort,
    url,
    dicomWebUrl: `${url}/dicom-web`,
    folder,
    get pid() {
      return child?.pid;
    },
    async upload(file) {
      const response = await rest('/instances', { method: 'POST', body: file as Uint8Array<ArrayBuffer> });
      return (await response.json()) as OrthancUploadResult;
    },
    async clear() {
      const patients = (await (await rest('/patients')).json()) as string[];
      for (const patient of patients) await rest(`/patients/${patient}`, { method: 'DELETE' });
    },
    async countInstances() {
      const statistics = (await (await rest('/statistics')).json()) as { CountInstances: number };
      return statistics.CountInstances;
    },
    async kill() {
      await terminate('SIGKILL');
    },
    async restart() {
      if (stopped) throw new Error(`Orthanc "${options.name}" was stopped and its storage deleted; start a new one.`);
      await terminate('SIGTERM');
      await launch();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await terminate('SIGTERM');
      rmSync(folder, { recursive: true, force: true });
    },
    logTail,
  };
}
