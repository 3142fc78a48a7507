// A real headless Chromium (Debian's package, /usr/bin/chromium, installed by `npm run setup`)
// driven by playwright-core: a fresh profile each time, and the flags that keep it from calling
// home (this machine has no network beyond the package registries; without them Chromium's
// background connections are refused many at a time). Missing browser: an error that says how to
// install it, never a skip.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from '../../harness/setup-chromium.ts';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export interface HeadlessChromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(viewport = { width: 1280, height: 900 }): Promise<HeadlessChromium> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`npm run setup\` (as root it installs Debian's chromium)`);
  const profile = await mkdtemp(join(tmpdir(), 'psa-chromium-'));
  // launchPersistentContext: the one way to hand Chromium a --user-data-dir of our own.
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport, deviceScaleFactor: 1 });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

// Browser JavaScript, as text: this project's TypeScript has no DOM types (its code runs on Node).
const COUNT_COLOURS = `async ({ png, wanted, tolerance }) => {
  const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  context.drawImage(bitmap, 0, 0);
  const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  const targets = Object.entries(wanted).map(([name, hex]) => [name, parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)]);
  const counts = Object.fromEntries(targets.map(([name]) => [name, 0]));
  let nonWhite = 0;
  for (let i = 0; i < data.length; i += 4) {
    const r = data[i], g = data[i + 1], b = data[i + 2];
    if (r < 250 || g < 250 || b < 250) nonWhite++;
    for (const [name, tr, tg, tb] of targets) {
      if (Math.abs(r - tr) <= tolerance && Math.abs(g - tg) <= tolerance && Math.abs(b - tb) <= tolerance) counts[name]++;
    }
  }
  return { counts, total: data.length / 4, nonWhite };
}`;

export interface ColourCount {
  /** Pixels within the tolerance of each colour asked about. */
  readonly counts: Record<string, number>;
  readonly total: number;
  /** Pixels that are not (nearly) white: what was drawn at all. */
  readonly nonWhite: number;
}

/**
 * How many pixels of a PNG are within `tolerance` (per channel) of each colour, counted by the
 * browser's own PNG decoder on a blank page of the same browser.
 */
export async function countColours(context: BrowserContext, png: Buffer, colours: Readonly<Record<string, string>>, tolerance = 12): Promise<ColourCount> {
  const page: Page = await context.newPage();
  try {
    const input = JSON.stringify({ png: png.toString('base64'), wanted: colours, tolerance });
    return (await page.evaluate(`(${COUNT_COLOURS})(${input})`)) as ColourCount;
  } finally {
    await page.close();
  }
}
