// Debian's Chromium, for the HTML report's test in a real headless browser
// (test/integration/report-html-chromium.test.ts, driven by playwright-core). Installed with apt
// when /usr/bin/chromium is missing; the installed package is the cache, as .venv is moto's.
// Playwright's own browser download cannot work here (only package registries are reachable), so
// the browser comes from Debian. CI runs as root; elsewhere the step says what to run instead.
// Recommended packages are left out: the headless browser needs none of them (measured: same
// screenshots), and they double what apt fetches (avahi, cups helpers, samba libraries, perl).
import { existsSync } from 'node:fs';
import { runTool } from './run-tool.ts';

export const CHROMIUM = '/usr/bin/chromium';

const APT = ['-o', 'DPkg::Lock::Timeout=300', '-qq'];

export async function ensureChromium(log: (line: string) => void = console.log): Promise<{ installed: boolean; seconds: number }> {
  if (existsSync(CHROMIUM)) return { installed: false, seconds: 0 };
  if (process.getuid?.() !== 0) {
    throw new Error(`${CHROMIUM} is missing and installing it needs root: run \`apt-get update && apt-get install -y --no-install-recommends chromium\``);
  }
  const started = performance.now();
  log('installing chromium from Debian (apt-get)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runTool('apt-get', [...APT, 'update'], { what: 'apt-get update', env });
  await runTool('apt-get', [...APT, 'install', '-y', '--no-install-recommends', 'chromium'], { what: 'apt-get install chromium', env });
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but there is no ${CHROMIUM}`);
  const seconds = (performance.now() - started) / 1000;
  log(`installed chromium in ${seconds.toFixed(0)} s`);
  return { installed: true, seconds };
}
