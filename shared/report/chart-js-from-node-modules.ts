// The ChartLibrary adapter over node_modules: Chart.js's UMD build (dist/chart.umd.min.js, which
// defines the global `Chart`), read from wherever Node resolves the chart.js package. The package's
// exports map does not expose that file, so it is found beside the entry point it does expose.
// chartJsFromFile reads the same build from another place (the report Lambda's bundle carries a
// copy beside its handler: lambdas/report/chart-js-beside-handler.ts).
// Its trailing source-map comment is dropped: inlined in a page opened from a file:// URL, a
// browser's developer tools would otherwise try to load chart.umd.min.js.map beside the page.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ChartLibraryError, type ChartLibrary } from './chart-library.ts';

const UMD_FILE = 'chart.umd.min.js';
const SOURCE_MAP_COMMENT = /\n?\/\/# sourceMappingURL=\S+\s*$/;

/** Where Node resolves Chart.js's UMD build (ChartLibraryError when the package is not installed). */
export function chartJsUmdPath(): string {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve('chart.js');
  } catch (error) {
    throw new ChartLibraryError('chart.js', 'the chart.js package is not installed (npm ci)', error);
  }
  return join(dirname(entry), UMD_FILE);
}

export async function chartJsFromNodeModules(): Promise<ChartLibrary> {
  return chartJsFromFile(chartJsUmdPath());
}

/** Chart.js's UMD build from a file: node_modules', or a copy bundled beside a Lambda handler. */
export async function chartJsFromFile(path: string): Promise<ChartLibrary> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    throw new ChartLibraryError(path, `cannot read Chart.js's browser build: ${(error as Error).message}`, error);
  }
  // The banner: `/*! * Chart.js v4.6.1 ... Released under the MIT License */`
  const version = /Chart\.js v(\d+\.\d+\.\d+\S*)/.exec(source.slice(0, 400))?.[1];
  if (version === undefined) throw new ChartLibraryError(path, 'no `Chart.js vX.Y.Z` banner: not the Chart.js UMD build');
  return { name: 'Chart.js', version, license: 'MIT', source: source.replace(SOURCE_MAP_COMMENT, '\n') };
}
