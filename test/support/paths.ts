// Where things are, for tests and the harness.
import path from 'node:path';

/** The repository root (this project's package.json). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Upstream's Pod Security conformance pods, beside the repository (see their NOTICE.md). */
export const FIXTURES_ROOT = path.resolve(REPO_ROOT, '../shared/pss-fixtures');
