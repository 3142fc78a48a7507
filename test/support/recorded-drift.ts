// Real findings for the notify unit tests: the snapshots the scanner wrote from a real apiserver for
// the drift sequence of test/integration/notify-drift-sequence.ts (recorded by
// test/integration/notify-record-snapshots.ts), diffed with diffSnapshots.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffSnapshots } from '../../shared/drift/diff-snapshots.ts';
import type { Finding } from '../../shared/drift/finding.ts';
import { parseSnapshotJson } from '../../shared/snapshot/snapshot-json.ts';
import type { ClusterSnapshot } from '../../shared/snapshot/snapshot-schema.ts';
import { alertInputFor, type AlertInput } from '../../shared/notify/compose-alert.ts';

export const DRIFT_STEP_NAMES = ['baseline', 'relabel', 'violate', 'fix', 'unchanged'] as const;
export type DriftStepName = (typeof DRIFT_STEP_NAMES)[number];

const TESTDATA = join(import.meta.dirname, '..', 'data', 'snapshots');

function load(step: DriftStepName): ClusterSnapshot {
  const file = readdirSync(TESTDATA).find((f) => f.endsWith(`-${step}.snapshot.json`));
  if (file === undefined) throw new Error(`no recorded snapshot for ${step} in ${TESTDATA}`);
  const parsed = parseSnapshotJson(readFileSync(join(TESTDATA, file), 'utf8'), file);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.snapshot;
}

export function recordedSnapshot(step: DriftStepName): ClusterSnapshot {
  return load(step);
}

/** The findings of `step` against the step before it (none before the baseline). */
export function recordedFindings(step: DriftStepName): Finding[] {
  const index = DRIFT_STEP_NAMES.indexOf(step);
  const previousStep = DRIFT_STEP_NAMES[index - 1];
  return diffSnapshots(previousStep === undefined ? undefined : load(previousStep), load(step));
}

/** The alert input for `step`, with a snapshot key as the store would name it. */
export function recordedAlertInput(step: DriftStepName): AlertInput {
  const snapshot = load(step);
  const key = `snapshots/account=${snapshot.cluster.account}/region=${snapshot.cluster.region}/cluster=${snapshot.cluster.name}/date=${snapshot.startedAt.slice(0, 10)}/${snapshot.startedAt.replace(/[-:]/g, '')}.json`;
  return alertInputFor(snapshot, recordedFindings(step), key);
}
