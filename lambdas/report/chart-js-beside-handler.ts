// Where the report function finds Chart.js (the HTML page inlines it). From the sources (tests, the
// local flow) it is node_modules' copy. Deployed, the function is one esbuild bundle (index.mjs)
// with no node_modules, and esbuild cannot inline a file as text that Node would also load from
// the sources, so the stack copies Chart.js's UMD build next to the bundle at bundling time
// (NodejsFunction `commandHooks.afterBundling`: `cp <chartJsUmdPath()> <outputDir>/chart.umd.min.js`)
// and the bundle reads it from beside itself. A bundle without it fails its cold start naming the
// path, instead of writing reports without charts.
import { fileURLToPath } from 'node:url';
import type { ChartLibrary } from '../../shared/report/chart-library.ts';
import { chartJsFromFile, chartJsFromNodeModules } from '../../shared/report/chart-js-from-node-modules.ts';

/** The file the stack puts beside the bundle (the name of Chart.js's own UMD build). */
export const CHART_JS_BUNDLE_FILE = 'chart.umd.min.js';

/** `moduleUrl`: the handler's `import.meta.url` (in a bundle, the bundle's). */
export function chartJsBesideHandler(moduleUrl: string): Promise<ChartLibrary> {
  const fromSources = moduleUrl.endsWith('.ts');
  return fromSources ? chartJsFromNodeModules() : chartJsFromFile(fileURLToPath(new URL(CHART_JS_BUNDLE_FILE, moduleUrl)));
}
