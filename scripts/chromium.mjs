// Finds the Chromium that browser tests and benchmarks use, and the Orthanc that server tests use.
// Nothing here downloads a browser.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome'];

/** Flags for a headless Chromium on a machine without a display, GPU or outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Returns the path of a Chromium executable, or undefined. CHROMIUM_PATH wins over the usual places. */
export function findChromium() {
  const fromEnvironment = process.env.CHROMIUM_PATH;
  if (fromEnvironment) return existsSync(fromEnvironment) ? fromEnvironment : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/**
 * Returns a Chromium path. Without one, installs Debian's or Ubuntu's package
 * when running as root with apt-get, or else exits with the command to run.
 */
export function requireChromium() {
  let path = findChromium();
  if (path) return path;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('Chromium is missing; installing the distribution package "chromium" with apt-get.');
    execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    path = findChromium();
    if (path) return path;
  }
  console.error(
    [
      'Chromium was not found. The browser tests need it.',
      '  Debian:  sudo apt-get install chromium',
      '  Ubuntu:  sudo snap install chromium',
      '  Or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    ].join('\n'),
  );
  process.exit(1);
}

const ORTHANC_FILES = ['/usr/sbin/Orthanc', '/usr/share/orthanc/plugins/libOrthancDicomWeb.so'];

/**
 * Checks that Orthanc and its DICOMweb plugin are installed. Without them,
 * installs Debian's packages when running as root with apt-get, or else exits
 * with the command to run.
 */
export function requireOrthanc() {
  const missing = () => ORTHANC_FILES.filter((path) => !existsSync(path));
  if (missing().length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('Orthanc is missing; installing the distribution packages "orthanc" and "orthanc-dicomweb" with apt-get.');
    execFileSync('apt-get', ['install', '-y', 'orthanc', 'orthanc-dicomweb'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (missing().length === 0) return;
  }
  console.error(
    [
      `Orthanc was not found (missing ${missing().join(' and ')}). The DICOMweb interop and import tests run against it.`,
      '  Debian and Ubuntu:  sudo apt-get install orthanc orthanc-dicomweb',
    ].join('\n'),
  );
  process.exit(1);
}
