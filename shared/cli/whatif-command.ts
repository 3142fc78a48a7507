// `psa-scan whatif`: one kubeconfig context -> today's scan and the what-if at the target version,
// printed as text or as the document, and kept in a store when --store names one (under whatif/,
// never in the nightly chain).
import type { S3Client } from '@aws-sdk/client-s3';
import { KubeconfigError } from '../fleet/kubeconfig-error.ts';
import { KubeconfigFleetSource } from '../fleet/kubeconfig-fleet-source.ts';
import { clusterLabel } from '../fleet/cluster-identity.ts';
import type { ClusterEndpoint } from '../kube/cluster-endpoint.ts';
import { createKubeClusterReader } from '../kube/kube-cluster-reader.ts';
import { createS3Client, s3ClientSettings } from '../store/s3-client-config.ts';
import { SnapshotStoreError } from '../store/snapshot-store-error.ts';
import { openWhatIfStore, type WhatIfStore } from '../store/what-if-store.ts';
import { whatIfJson } from '../whatif/what-if-json.ts';
import { whatIfUpgrade } from '../whatif/what-if-upgrade.ts';
import type { CliEnvironment } from './cli-environment.ts';
import type { CliIo } from './cli-io.ts';
import { loadFleetPolicy } from './load-fleet-policy.ts';
import { safeText } from './safe-text.ts';
import { parseWhatIfArguments, type WhatIfCliOptions } from './whatif-options.ts';
import { renderWhatIfText } from './whatif-render.ts';
import { WHATIF_HELP, WHATIF_SYNOPSIS } from './whatif-usage.ts';

export const WHATIF_EXIT_NOTHING_NEW = 0;
/** Something would be newly rejected, or the what-if is incomplete or was not stored. */
export const WHATIF_EXIT_REJECTED_OR_INCOMPLETE = 1;
export const WHATIF_EXIT_BAD_INPUT = 2;

/** `psa-scan whatif ARGS`, from the arguments after `whatif`. */
export async function runWhatIfCli(args: readonly string[], io: CliIo, environment: CliEnvironment): Promise<number> {
  const parsed = parseWhatIfArguments(args);
  if (parsed.outcome === 'help') {
    io.stdout(WHATIF_HELP);
    return WHATIF_EXIT_NOTHING_NEW;
  }
  if (parsed.outcome === 'usage-error') {
    io.stderr(`psa-scan whatif: ${safeText(parsed.message)}\n${WHATIF_SYNOPSIS}Run "psa-scan whatif --help" for more.\n`);
    return WHATIF_EXIT_BAD_INPUT;
  }
  return runWhatIfCommand(parsed.options, io, environment);
}

function fail(io: CliIo, message: string): number {
  io.stderr(`psa-scan whatif: ${safeText(message)}\n`);
  return WHATIF_EXIT_BAD_INPUT;
}

export async function runWhatIfCommand(options: WhatIfCliOptions, io: CliIo, environment: CliEnvironment): Promise<number> {
  const policy = await loadFleetPolicy(options.policyFile, io);
  if (!policy.ok) return fail(io, policy.errors.join('\npsa-scan whatif: '));

  let endpoint: ClusterEndpoint;
  try {
    const source = new KubeconfigFleetSource({
      location: { explicitPath: options.kubeconfig, kubeconfigEnv: environment.variables['KUBECONFIG'], home: environment.variables['HOME'] },
      selection: options.context === undefined ? { kind: 'current' } : { kind: 'named', names: [options.context] },
    });
    const [first] = (await source.discover()).endpoints;
    if (first === undefined) return fail(io, 'the kubeconfig selects no context');
    endpoint = first;
  } catch (error) {
    if (!(error instanceof KubeconfigError)) throw error;
    return fail(io, error.message);
  }

  let s3: S3Client | undefined;
  let store: WhatIfStore | undefined;
  if (options.store !== undefined) {
    if (options.store.kind === 's3') {
      const settings = s3ClientSettings(environment.variables);
      if (!settings.ok) return fail(io, settings.message);
      s3 = createS3Client(settings.settings);
    }
    store = openWhatIfStore(options.store, {
      s3Client: () => {
        if (s3 === undefined) throw new Error('a folder store needs no S3 client');
        return s3;
      },
    });
  }

  try {
    const label = clusterLabel(endpoint.identity);
    const reader = createKubeClusterReader(endpoint);
    let result;
    try {
      result = await whatIfUpgrade(reader, {
        identity: endpoint.identity,
        server: endpoint.kubeConfig.getCurrentCluster()?.server ?? '',
        policy: { cluster: policy.policy.forCluster({ identity: endpoint.identity, tags: endpoint.tags }), digest: policy.policy.digest, source: policy.source },
        scannerVersion: environment.scannerVersion,
        now: () => environment.now(),
        upgradeTo: options.upgradeTo,
        ...(environment.stderrIsTerminal
          ? { onProgress: (p) => io.stderr(`\r\x1b[K${label}: ${p.phase === 'inventory' ? 'reading inventory' : `namespaces ${p.done}/${p.total}`}${p.phase === 'done' ? '\n' : ''}`) }
          : {}),
      });
    } finally {
      await reader.close();
    }
    // The progress line ends with the sweeps; when there were none, end it here.
    if (environment.stderrIsTerminal && (result.kind === 'not-an-upgrade' || result.whatIf.outcome === 'failed')) io.stderr('\n');
    if (result.kind === 'not-an-upgrade') return fail(io, `--to-version: ${result.message}`);

    const { whatIf } = result;
    let stored = true;
    let where: string | undefined;
    if (store !== undefined) {
      try {
        const put = await store.put(whatIf);
        where = store.locate(put.stored.key);
      } catch (error) {
        if (!(error instanceof SnapshotStoreError)) throw error;
        stored = false;
        io.stderr(`psa-scan whatif: NOT STORED: ${safeText(error.message)} (${error.kind})\n`);
      }
    }
    if (options.format === 'json') {
      io.stdout(whatIfJson(whatIf));
      // The text says it in its second line; beside a JSON document a person still sees it.
      if (whatIf.upgrade.note !== null) io.stderr(`psa-scan whatif: warning: ${whatIf.upgrade.note}\n`);
      if (where !== undefined) io.stderr(`psa-scan whatif: stored ${safeText(where)}\n`);
    } else {
      io.stdout(renderWhatIfText(whatIf));
      if (where !== undefined) io.stdout(`stored: ${safeText(where)}\n`);
    }
    const clean = whatIf.summary.newlyRejectedWorkloads === 0 && whatIf.outcome === 'complete' && stored;
    return clean ? WHATIF_EXIT_NOTHING_NEW : WHATIF_EXIT_REJECTED_OR_INCOMPLETE;
  } finally {
    s3?.destroy();
  }
}
