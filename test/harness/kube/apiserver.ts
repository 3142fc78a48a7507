// kube-apiserver, built from k8s.io/kubernetes (test/harness/kube/go.mod), configured like a
// cluster the scanner visits: RBAC authorisation, client-certificate identities, PodSecurity
// admission with a configuration the caller chooses. ServiceAccount admission is disabled so pods
// can be created without a controller manager; nothing schedules them, so they stay Pending.

import { request } from 'node:https';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  podSecurityConfigurationDocument,
  type PodSecurityConfiguration,
} from '../../../shared/pss/admission/pod-security-configuration.ts';
import { RELEASE_PROFILES, type ReleaseProfile } from './kubernetes-releases.ts';
import { freePort, spawnServer, waitUntilReady, type ServerProcess } from '../servers-process.ts';
import type { KeyPairFiles, Pki } from './pki.ts';

export interface Apiserver {
  readonly process: ServerProcess;
  readonly url: string;
  readonly readyMs: number;
}

function admissionConfiguration(podSecurity: PodSecurityConfiguration, release: ReleaseProfile): string {
  const config = {
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'AdmissionConfiguration',
    plugins: [
      {
        name: 'PodSecurity',
        configuration: { ...podSecurityConfigurationDocument(podSecurity), apiVersion: release.podSecurityConfigurationApiVersion },
      },
    ],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

interface TlsClient {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

export async function tlsClient(caCert: string, client: KeyPairFiles): Promise<TlsClient> {
  return { ca: await readFile(caCert), cert: await readFile(client.cert), key: await readFile(client.key) };
}

/** GET over HTTPS with a client certificate (fetch cannot present one without undici options). */
export function httpsGet(url: string, tls: TlsClient, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', ...tls, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: GET ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

export async function startApiserver(options: {
  workDir: string;
  etcdUrl: string;
  pki: Pki;
  admin: KeyPairFiles;
  podSecurity: PodSecurityConfiguration;
  detached: boolean;
  /** Which Kubernetes to run (default: the current release). */
  release?: ReleaseProfile;
  /** A TokenReview webhook for bearer tokens (the EKS authenticator), as a kubeconfig-format file. */
  tokenWebhookConfigFile?: string;
}): Promise<Apiserver> {
  const port = await freePort();
  const url = `https://127.0.0.1:${port}`;
  const admissionConfig = join(options.workDir, 'admission-configuration.json');
  const release = options.release ?? RELEASE_PROFILES.current;
  await writeFile(admissionConfig, admissionConfiguration(options.podSecurity, release));
  // Everything that can fail before the server runs happens before it is spawned: once spawned,
  // only waitUntilReady (which stops it on failure) stands between it and the caller's stop().
  const tls = await tlsClient(options.pki.caCert, options.admin);
  const server = spawnServer({
    name: 'kube-apiserver',
    command: release.apiserverBinary,
    args: [
      `--etcd-servers=${options.etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${port}`,
      `--tls-cert-file=${options.pki.serving.cert}`,
      `--tls-private-key-file=${options.pki.serving.key}`,
      `--client-ca-file=${options.pki.caCert}`,
      `--service-account-key-file=${options.pki.serviceAccountPub}`,
      `--service-account-signing-key-file=${options.pki.serviceAccountKey}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      '--service-cluster-ip-range=10.96.0.0/24',
      // The `kubernetes` Service endpoints would have to be a routable address; nothing here needs them.
      '--endpoint-reconciler-type=none',
      '--authorization-mode=RBAC',
      `--enable-admission-plugins=${release.admissionPlugins.join(',')}`,
      // No controller manager creates service accounts or their tokens.
      '--disable-admission-plugins=ServiceAccount',
      `--admission-control-config-file=${admissionConfig}`,
      // Without it the API rejects privileged containers before admission sees them.
      '--allow-privileged=true',
      `--cert-dir=${join(options.workDir, 'apiserver-certs')}`,
      '--profiling=false',
      '--v=1',
      ...(options.tokenWebhookConfigFile === undefined
        ? []
        : [`--authentication-token-webhook-config-file=${options.tokenWebhookConfigFile}`, '--authentication-token-webhook-version=v1']),
    ],
    logFile: join(options.workDir, 'kube-apiserver.log'),
    detached: options.detached,
  });
  const readyMs = await waitUntilReady(
    server,
    async () => {
      const { status, body } = await httpsGet(`${url}/readyz`, tls, 2000);
      return status === 200 && body.trim() === 'ok';
    },
    120_000,
  );
  return { process: server, url, readyMs };
}
