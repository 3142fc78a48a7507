// The `psa-scan check` report on stdout in the format asked for. Every format is rendered only
// once all input has been judged, and only when it was all readable (problems go to stderr).
import type { ObjectResult } from './check-manifests.ts';
import type { CheckOptions } from './check-options.ts';
import { renderJson } from './render-json.ts';
import { renderText } from './render-text.ts';

export interface ReportContext {
  /** psa-scan's version, recorded by the formats that carry one (SARIF). */
  readonly toolVersion?: string;
  /** Absolute; lets SARIF write absolute input paths relative to it. */
  readonly workingDirectory?: string;
}

/** SARIF and JUnit are loaded only when asked for: JUnit brings an XML library, and a CI gate starts often. */
export async function renderReport(options: CheckOptions, results: readonly ObjectResult[], context: ReportContext = {}): Promise<string> {
  switch (options.format) {
    case 'text':
      return renderText(results, options.levelVersion);
    case 'json':
      return renderJson(results);
    case 'sarif':
      return (await import('./render-sarif.ts')).renderSarif(results, { levelVersion: options.levelVersion, ...context });
    case 'junit':
      return (await import('./render-junit.ts')).renderJunit(results, options.levelVersion);
  }
}
