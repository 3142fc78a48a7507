// The `psa-scan check` report on stdout in the format asked for. Every format is rendered only
// once all input has been judged, and only when it was all readable (problems go to stderr).
import type { ObjectResult } from './check-manifests.ts';
import type { CheckOptions } from './check-options.ts';
import { renderJson } from './render-json.ts';
import { renderJunit } from './render-junit.ts';
import { renderSarif } from './render-sarif.ts';
import { renderText } from './render-text.ts';

export interface ReportContext {
  /** psa-scan's version, recorded by the formats that carry one (SARIF). */
  readonly toolVersion?: string;
  /** Absolute; lets SARIF write absolute input paths relative to it. */
  readonly workingDirectory?: string;
}

export function renderReport(options: CheckOptions, results: readonly ObjectResult[], context: ReportContext = {}): string {
  switch (options.format) {
    case 'text':
      return renderText(results, options.levelVersion);
    case 'json':
      return renderJson(results);
    case 'sarif':
      return renderSarif(results, { levelVersion: options.levelVersion, ...context });
    case 'junit':
      return renderJunit(results, options.levelVersion);
  }
}
