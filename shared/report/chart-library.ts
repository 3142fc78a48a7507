// The charting library the HTML report inlines (the page makes no request when it is viewed, so the
// library travels inside it). A port: the renderer takes the script as text; where it comes from
// (node_modules for the CLI, a file bundled beside a Lambda handler) is the edge's business.
// chart-js-from-node-modules.ts is the adapter that reads Chart.js's UMD build.

export interface ChartLibrary {
  /** `Chart.js`, for the page's footer and its licence notice. */
  readonly name: string;
  readonly version: string;
  /** SPDX identifier. */
  readonly license: string;
  /** The browser build, defining the global `Chart`. */
  readonly source: string;
}

export class ChartLibraryError extends Error {
  override readonly name = 'ChartLibraryError';
  readonly path: string;

  constructor(path: string, message: string, cause?: unknown) {
    super(`${path}: ${message}`, cause === undefined ? undefined : { cause });
    this.path = path;
  }
}
