// Starts the EKS token authenticator (eks-authenticator-server.ts) as a harness server and writes the
// kubeconfig-format file kube-apiserver reads with --authentication-token-webhook-config-file.
// It serves TLS with the harness apiserver's serving certificate (valid for 127.0.0.1), so the
// webhook file trusts the harness CA.

import { readFile, writeFile } from 'node:fs/promises';
import { get } from 'node:https';
import { join } from 'node:path';
import type { Pki } from '../kube/pki.ts';
import { freePort, spawnServer, waitUntilReady, type ServerProcess } from '../servers-process.ts';
import type { EksAuthenticatorServerConfig } from './eks-authenticator-server.ts';
import type { IdentityMapping } from './token-review.ts';

export type { IdentityMapping } from './token-review.ts';
export type { ReviewLogLine } from './eks-authenticator-server.ts';

/** What a test chooses: the cluster name the apiserver stands for and who may sign in as whom. */
export interface EksAuthenticatorOptions {
  readonly clusterName: string;
  readonly mappings: readonly IdentityMapping[];
}

export interface EksAuthenticator {
  readonly process: ServerProcess;
  readonly url: string;
  /** For kube-apiserver's --authentication-token-webhook-config-file. */
  readonly webhookConfigFile: string;
  /** One JSON line (ReviewLogLine) per decision. */
  readonly logFile: string;
  readonly readyMs: number;
}

const SERVER_SCRIPT = join(import.meta.dirname, 'eks-authenticator-server.ts');

/** The HTTP status of GET `url`, trusting only `ca`. */
function statusOf(url: string, ca: Buffer, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get(url, { ca, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: GET ${url}`)));
    req.on('error', reject);
  });
}

export async function startEksAuthenticator(options: EksAuthenticatorOptions & {
  readonly workDir: string;
  readonly pki: Pki;
  /** moto: where tokens point (it stands in for STS) and whom the authenticator asks. */
  readonly motoEndpoint: string;
  readonly detached: boolean;
}): Promise<EksAuthenticator> {
  const port = await freePort();
  const url = `https://127.0.0.1:${port}`;
  const configFile = join(options.workDir, 'eks-authenticator.json');
  const config: EksAuthenticatorServerConfig = {
    port,
    tlsCert: options.pki.serving.cert,
    tlsKey: options.pki.serving.key,
    review: {
      clusterName: options.clusterName,
      stsEndpoint: options.motoEndpoint,
      motoEndpoint: options.motoEndpoint,
      mappings: options.mappings,
    },
  };
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const webhookConfigFile = join(options.workDir, 'eks-authenticator.kubeconfig');
  const webhookConfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'eks-authenticator', cluster: { server: `${url}/authenticate`, 'certificate-authority': options.pki.caCert } }],
    users: [{ name: 'kube-apiserver', user: {} }],
    contexts: [{ name: 'webhook', context: { cluster: 'eks-authenticator', user: 'kube-apiserver' } }],
    'current-context': 'webhook',
  };
  await writeFile(webhookConfigFile, `${JSON.stringify(webhookConfig, null, 2)}\n`);
  const logFile = join(options.workDir, 'eks-authenticator.log');
  // Read before the spawn: once it runs, only waitUntilReady (which stops it on failure) may fail.
  const ca = await readFile(options.pki.caCert);
  const server = spawnServer({
    name: 'eks-authenticator',
    // The Node that runs the harness (the project's Node 24: it strips the types).
    command: process.execPath,
    args: [SERVER_SCRIPT, configFile],
    logFile,
    // No AWS settings of the developer's: every AWS call goes to moto with the keys moto issued.
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: options.workDir },
    detached: options.detached,
  });
  const readyMs = await waitUntilReady(server, async () => (await statusOf(`${url}/healthz`, ca, 2000)) === 200, 30_000);
  return { process: server, url, webhookConfigFile, logFile, readyMs };
}
