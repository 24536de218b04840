import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

const CLI = join(dirname(fileURLToPath(import.meta.url)), 'cli.ts');
const NODE_FLAGS = ['--conditions=source', '--import', 'tsx'];

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to its end, killing it after the time limit. */
function runCli(args: readonly string[], timeoutMs = 20_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_FLAGS, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('cli', () => {
  test('prints help', async () => {
    const run = await runCli(['--help']);
    assert.equal(run.code, 0);
    for (const option of ['--port', '--static', '--upstream', '--token-lifetime', '--help']) assert.ok(run.stdout.includes(option), option);
  });

  const invalid: [string[], RegExp][] = [
    [['--port', 'eighty'], /--port must be a whole number/],
    [['--port', '70000'], /--port must be a whole number/],
    [['--token-lifetime', '0'], /--token-lifetime must be a whole number/],
    [['--upstream', 'orthanc'], /--upstream "orthanc" is invalid/],
    [['--upstream', 'orthanc=Orthanc=ftp://127.0.0.1/x'], /must use http or https/],
    [['--unknown'], /Unknown option/],
  ];
  for (const [args, message] of invalid) {
    test(`rejects ${args.join(' ')}`, async () => {
      const run = await runCli(args);
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, message);
    });
  }

  test('starts, serves and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [...NODE_FLAGS, CLI, '--port', '0', '--upstream', 'pacs=Local PACS=http://127.0.0.1:9/dicom-web=internal'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const check = (): void => {
          const match = /Open (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout);
          if (match) resolve(match[1]);
        };
        child.stdout.on('data', check);
        child.on('close', () => reject(new Error(`The CLI exited early:\n${stdout}`)));
      });
      const config = (await (await fetch(`${url}/demo/config.json`)).json()) as { sources: { id: string; kind: string }[] };
      assert.deepEqual(
        config.sources.map((source) => `${source.id}:${source.kind}`),
        ['own:internal', 'rijnstad:external', 'noordzee:external', 'pacs:internal'],
      );
      child.kill('SIGINT');
      assert.equal(await exited, 0);
      assert.match(stdout, /stopped/);
      assert.ok(!/Bearer|access_token|SL-0001|Jansen/.test(stdout), 'no tokens or patient data in the output');
    } finally {
      clearTimeout(timer);
      child.kill('SIGKILL');
    }
  });
});
