// Certificates for one harness run, made with the openssl CLI (Node's crypto cannot issue X.509
// certificates). EC P-256 keys keep it to a few tens of milliseconds.
//
// - ca: signs everything; the apiserver trusts client certificates it signed (--client-ca-file).
// - serving: the apiserver's TLS certificate for 127.0.0.1 / localhost.
// - one client certificate per identity: CN is the user name, O the groups.
// - service-account: the token signing key pair (required flags even when nothing uses tokens).

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from '../run-tool.ts';

export interface Identity {
  readonly user: string;
  readonly groups: readonly string[];
}

export interface KeyPairFiles {
  readonly cert: string;
  readonly key: string;
}

export interface Pki<K extends string = string> {
  readonly caCert: string;
  readonly serving: KeyPairFiles;
  readonly serviceAccountKey: string;
  readonly serviceAccountPub: string;
  readonly clients: Readonly<Record<K, KeyPairFiles>>;
}

const DAYS = '30';
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

async function openssl(args: string[]): Promise<void> {
  await runTool('openssl', args, { what: `openssl ${args[0] ?? ''}` });
}

/** `/O=a/O=b/CN=user`; openssl wants `/`, `\` and `=` escaped inside values. */
function subject(identity: Identity): string {
  const esc = (s: string): string => s.replace(/[\\/=+]/g, (c) => `\\${c}`);
  return [...identity.groups.map((g) => `/O=${esc(g)}`), `/CN=${esc(identity.user)}`].join('');
}

async function issue(dir: string, name: string, subj: string, extensions: string[]): Promise<KeyPairFiles> {
  const files = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  await openssl([
    'req', '-x509', ...EC_KEY, '-keyout', files.key, '-out', files.cert, '-days', DAYS, '-subj', subj,
    '-CA', join(dir, 'ca.crt'), '-CAkey', join(dir, 'ca.key'),
    '-addext', 'basicConstraints=critical,CA:FALSE',
    '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment',
    ...extensions.flatMap((e) => ['-addext', e]),
  ]);
  return files;
}

export async function createPki<K extends string>(dir: string, identities: Readonly<Record<K, Identity>>): Promise<Pki<K>> {
  await openssl([
    'req', '-x509', ...EC_KEY, '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.crt'), '-days', DAYS,
    '-subj', '/CN=psa-fleet-scanner-harness-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const serviceAccountKey = join(dir, 'service-account.key');
  const serviceAccountPub = join(dir, 'service-account.pub');
  const serviceAccount = (async () => {
    await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', serviceAccountKey]);
    await openssl(['pkey', '-in', serviceAccountKey, '-pubout', '-out', serviceAccountPub]);
  })();
  const serving = issue(dir, 'serving', '/CN=kube-apiserver', [
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc',
    'extendedKeyUsage=serverAuth',
  ]);
  const clients = (Object.entries(identities) as Array<[K, Identity]>).map(
    async ([name, identity]) => [name, await issue(dir, `client-${name}`, subject(identity), ['extendedKeyUsage=clientAuth'])] as const,
  );
  const [servingFiles, clientFiles] = await Promise.all([serving, Promise.all(clients), serviceAccount]);
  return {
    caCert: join(dir, 'ca.crt'),
    serving: servingFiles,
    serviceAccountKey,
    serviceAccountPub,
    clients: Object.fromEntries(clientFiles) as Record<K, KeyPairFiles>,
  };
}

export async function readBase64(file: string): Promise<string> {
  return (await readFile(file)).toString('base64');
}

/** A kubeconfig with everything embedded, so the file alone is enough for kubectl and client-node. */
export async function writeKubeconfig(
  file: string,
  options: { server: string; caCert: string; client: KeyPairFiles; user: string },
): Promise<void> {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'harness', cluster: { server: options.server, 'certificate-authority-data': await readBase64(options.caCert) } }],
    users: [
      {
        name: options.user,
        user: {
          'client-certificate-data': await readBase64(options.client.cert),
          'client-key-data': await readBase64(options.client.key),
        },
      },
    ],
    contexts: [{ name: options.user, context: { cluster: 'harness', user: options.user } }],
    'current-context': options.user,
  };
  // JSON is YAML: kubectl and @kubernetes/client-node both read it.
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}
