// Component tests: every test file runs in a real headless Chromium, driven by Playwright.
//
// The run also starts the sample gateway in a child process on 127.0.0.1. The test server forwards the
// gateway's `/dicomweb/`, `/auth/token` and `/demo/config.json` to it, so that browser tests reach a real
// DICOMweb server on their own origin, as the demo page does. Tests control the gateway with
// `executeServerCommand('studyline-gateway', { action, payload })`.
import { fork } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import { playwrightLauncher } from '@web/test-runner-playwright';
import {
  devServerCornerstoneAssets,
  devServerUmdModules,
  devServerXmlbuilder2Stub,
} from './packages/elements/build/cornerstone-assets.mjs';
import { CHROMIUM_ARGS, requireChromium } from './scripts/chromium.mjs';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

const GATEWAY_SCRIPT = 'packages/elements/src/study-preview/test-support/gateway-process.ts';
const GATEWAY_PATHS = /^\/(dicomweb\/|auth\/token(?:[?#]|$)|demo\/config\.json(?:[?#]|$))/;
const GATEWAY_START_TIMEOUT_MS = 60_000;
const GATEWAY_COMMAND_TIMEOUT_MS = 10_000;

/**
 * Starts the sample gateway in a child process for the duration of the run, forwards the gateway's paths
 * to it, and passes the `studyline-gateway` command on to it.
 */
function sampleGateway() {
  let child;
  let origin;
  let nextId = 1;
  const replies = new Map();

  function send(action, payload) {
    if (child === undefined || !child.connected) return Promise.reject(new Error('The sample gateway is not running.'));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        replies.delete(id);
        reject(new Error(`The sample gateway did not respond to "${action}" within ${GATEWAY_COMMAND_TIMEOUT_MS / 1000} s.`));
      }, GATEWAY_COMMAND_TIMEOUT_MS);
      replies.set(id, { resolve, reject, timer });
      child.send({ id, command: action, payload });
    });
  }

  /** Koa middleware that streams a gateway path to the child's server and its response back. */
  async function forward(context, next) {
    if (!GATEWAY_PATHS.test(context.url)) return next();
    if (origin === undefined) {
      context.status = 503;
      context.body = 'The sample gateway has not started yet.';
      return undefined;
    }
    context.respond = false;
    await new Promise((resolve) => {
      const upstream = httpRequest(
        `${origin}${context.url}`,
        // The Host header stays the test server's, so that the gateway's RetrieveURLs point back at it.
        { method: context.method, headers: context.req.headers },
        (response) => {
          context.res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(context.res);
          response.on('end', resolve);
          response.on('error', resolve);
        },
      );
      upstream.on('error', (error) => {
        if (!context.res.headersSent) context.res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' });
        context.res.end(`The sample gateway could not be reached: ${error.message}`);
        resolve();
      });
      // A browser that aborts a request closes the connection: stop the gateway's work on it too.
      context.res.on('close', () => {
        upstream.destroy();
        resolve();
      });
      context.req.pipe(upstream);
    });
    return undefined;
  }

  return {
    middleware: forward,
    plugin: {
      name: 'studyline-sample-gateway',
      async serverStart() {
        child = fork(GATEWAY_SCRIPT, [], {
          execArgv: ['--conditions=source', '--import', 'tsx'],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        origin = await new Promise((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`The sample gateway did not start within ${GATEWAY_START_TIMEOUT_MS / 1000} s.`)),
            GATEWAY_START_TIMEOUT_MS,
          );
          child.once('exit', (code) => reject(new Error(`The sample gateway exited during start with code ${code}.`)));
          child.on('message', (message) => {
            if (message?.ready === true) {
              clearTimeout(timer);
              resolve(message.url);
              return;
            }
            const reply = replies.get(message?.id);
            if (reply === undefined) return;
            replies.delete(message.id);
            clearTimeout(reply.timer);
            if (message.error !== undefined) reply.reject(new Error(message.error));
            else reply.resolve(message.result);
          });
        });
      },
      async serverStop() {
        if (child === undefined || !child.connected) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.disconnect();
        await exited;
      },
      executeCommand({ command, payload }) {
        if (command !== 'studyline-gateway') return undefined;
        return send(payload?.action, payload?.payload);
      },
    },
  };
}

const gateway = sampleGateway();

export default {
  files: ['packages/elements/src/**/*.test.ts', 'packages/*/src/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['source', 'browser'], browser: true },
  middleware: [gateway.middleware],
  plugins: [
    // Before the CommonJS plugin, whose serve hook looks for a file on disk at every path.
    devServerXmlbuilder2Stub(),
    devServerUmdModules(['dicom-parser'], { emptyModules: ['zlib'] }),
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }),
    // The WebAssembly codecs of the DICOM image loader ship as CommonJS (Emscripten output). Their Node
    // branches `require` fs and path, which stay untouched and never run in a browser.
    fromRollup(rollupCommonjs)({
      include: ['**/node_modules/**'],
      exclude: ['**/node_modules/dicom-parser/**'],
      ignore: ['fs', 'path'],
    }),
    devServerCornerstoneAssets(),
    gateway.plugin,
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: requireChromium(), args: CHROMIUM_ARGS },
    }),
  ],
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 5 * 60 * 1000,
};
