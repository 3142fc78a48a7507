// Seeded generator of pods for differential testing of the Pod Security engine against the
// upstream evaluator (test/harness/pss-oracle).
//
// Every pod starts restricted-compliant and gets a few random tweaks, so most pods fail one,
// two or a handful of checks, and tweaks often hit several containers at once (the details
// then name many containers). The tweaks reach every field any check in
// k8s.io/pod-security-admission/policy reads (v0.37.2), with realistic and odd values, and
// JSON null where Go would decode nil. Same seed, same pods, on every machine.
//
// Values checked against an allow-list are drawn from the whole space, not from a few examples,
// so that an engine that wrongly allows one more value disagrees with upstream somewhere: every
// Linux capability (with and without CAP_, in any case), every sysctl of a pod's namespaces,
// the SELinux types, users and roles policies define, and made-up names for all of these and
// for AppArmor and seccomp profiles. pod-generator.test.ts checks that the differential test's
// pods really contain each of them.

import type { Level } from '../../shared/pss/level.ts';
import type { LevelVersion } from '../../shared/pss/level-version.ts';
import type {
  Container,
  ObjectMeta,
  PodSecurityContext,
  PodSpec,
  PodUnderTest,
  SecurityContext,
  Volume,
} from '../../shared/pss/pod.ts';
import { knownVersions } from '../../shared/pss/known-versions.ts';
import { LINUX_CAPABILITIES } from './linux-capabilities.ts';
import { LINUX_SYSCTLS } from './linux-sysctls.ts';
import { SELINUX_ROLES, SELINUX_TYPES, SELINUX_USERS } from './selinux-names.ts';
import { LATEST } from '../../shared/pss/version.ts';
import {
  ALLOWED_VOLUME_SOURCES as ALLOWED_SOURCE_NAMES,
  RESTRICTED_VOLUME_SOURCES as RESTRICTED_SOURCE_NAMES,
} from '../../shared/pss/volume-sources.ts';

// ---------------------------------------------------------------------------------------------
// Deterministic PRNG (mulberry32): 32-bit state, good enough spread for test data, no deps.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A few distinct-position picks (values may repeat when the pool does). */
  some<T>(items: readonly T[], min: number, max: number): T[];
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[int(items.length)] as T;
  };
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick,
    some: (items, min, max) => Array.from({ length: min + int(max - min + 1) }, () => pick(items)),
  };
}

// ---------------------------------------------------------------------------------------------
// Level/version helpers.

/** Every numbered version v1.0..v1.37 plus `latest`, at each level (baseline and restricted by default). */
export function generateLevelVersions(levels: readonly Level[] = ['baseline', 'restricted']): LevelVersion[] {
  const versions = [...knownVersions(), LATEST];
  return levels.flatMap((level) => versions.map((version) => ({ level, version })));
}

// ---------------------------------------------------------------------------------------------
// Value pools. Allowed values first in spirit, then near-misses (case, whitespace, prefixes).

/** Every sysctl some version allows (policy/check_sysctls.go), oldest first. */
export const ALLOWED_SYSCTLS = [
  // v1.0
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  // v1.27
  'net.ipv4.ip_local_reserved_ports',
  // v1.29
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  // v1.32
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  // v1.37
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
] as const;

const FORBIDDEN_SYSCTLS = [
  'kernel.msgmax',
  'kernel.sem',
  'net.core.somaxconn',
  'vm.swappiness',
  'net.ipv4.ip_forward',
  'net.ipv4.tcp_congestion_control',
  'net.ipv6.conf.all.disable_ipv6',
  'NET.IPV4.TCP_SYNCOOKIES',
  'net/ipv4/ip_local_port_range',
  'net.ipv4.ip_local_port_range ',
  'kernel.shm_rmid_forced.extra',
  '',
];

/** The container runtime's default set: what baseline allows (policy/check_capabilities_baseline.go). */
const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];
const DROP_VARIANTS: readonly (string[] | null | undefined)[] = [
  ['ALL'], ['all'], ['All'], ['ALL '], ['CAP_ALL'], ['NET_RAW'], ['NET_RAW', 'ALL'], ['CHOWN', 'KILL'], [''], [], null, undefined,
];

/** The SELinux types some version allows (policy/check_seLinuxOptions.go), "" included. */
const ALLOWED_SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
const SELINUX_LEVELS = ['', 's0', 's0:c123,c456', 's0-s0:c0.c1023'];

const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost', 'Unconfined', '', 'runtimedefault', 'RuntimeDefault ', 'Custom', 'localhost'];
const SECCOMP_ANNOTATION_VALUES = [
  'runtime/default', 'docker/default', 'localhost/profile.json', 'localhost/', 'unconfined', '', 'localhost', 'Runtime/Default',
];
const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';

const APPARMOR_TYPES = ['RuntimeDefault', 'Localhost', 'Unconfined', '', 'runtime/default', 'localhost', 'Custom'];
const APPARMOR_ANNOTATION_VALUES = [
  'runtime/default', 'localhost/custom-profile', 'localhost/', 'unconfined', '', 'Unconfined', 'docker/default', 'localhost', 'RuntimeDefault',
];
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

const PROC_MOUNTS = ['Default', 'Unmasked', '', 'unmasked', 'default', 'Other'];
const PROBE_HOSTS = ['', '127.0.0.1', 'localhost', '10.0.0.1', 'example.com', '::1'];
const HOST_PORTS = [0, 80, 443, 8080, 8080, 9090, 65535, 1, -1];

/** Volume sources restricted allows (policy/check_restrictedVolumes.go). */
const ALLOWED_VOLUME_SOURCES: Readonly<Record<string, () => unknown>> = {
  configMap: () => ({ name: 'settings' }),
  csi: () => ({ driver: 'secrets-store.csi.k8s.io' }),
  downwardAPI: () => ({ items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] }),
  emptyDir: () => ({}),
  ephemeral: () => ({ volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } }),
  image: () => ({ reference: 'registry.example/data:1', pullPolicy: 'IfNotPresent' }),
  persistentVolumeClaim: () => ({ claimName: 'data' }),
  projected: () => ({ sources: [{ serviceAccountToken: { path: 'token' } }] }),
  secret: () => ({ secretName: 'tls' }),
};

/** Every other volume source corev1.VolumeSource has, each reported by name when restricted. */
const hostPathSource = (): unknown => ({ path: '/var/run/docker.sock', type: 'Socket' });
const FORBIDDEN_VOLUME_SOURCES: Readonly<Record<string, () => unknown>> = {
  hostPath: hostPathSource,
  gcePersistentDisk: () => ({ pdName: 'disk' }),
  awsElasticBlockStore: () => ({ volumeID: 'vol-0abc' }),
  gitRepo: () => ({ repository: 'https://example.com/repo.git' }),
  nfs: () => ({ server: 'nfs.example', path: '/exports' }),
  iscsi: () => ({ targetPortal: '10.0.0.2:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0 }),
  glusterfs: () => ({ endpoints: 'glusterfs-cluster', path: 'vol' }),
  rbd: () => ({ monitors: ['10.0.0.3:6789'], image: 'foo' }),
  flexVolume: () => ({ driver: 'example/lvm' }),
  cinder: () => ({ volumeID: 'abc' }),
  cephfs: () => ({ monitors: ['10.0.0.3:6789'] }),
  flocker: () => ({ datasetName: 'data' }),
  fc: () => ({ targetWWNs: ['500a0982991b8dc5'], lun: 2 }),
  azureFile: () => ({ secretName: 'azure', shareName: 'share' }),
  vsphereVolume: () => ({ volumePath: '[datastore1] volumes/myDisk' }),
  quobyte: () => ({ registry: 'registry:7861', volume: 'vol' }),
  azureDisk: () => ({ diskName: 'disk', diskURI: 'https://example/disk.vhd' }),
  photonPersistentDisk: () => ({ pdID: 'abc' }),
  portworxVolume: () => ({ volumeID: 'abc' }),
  scaleIO: () => ({ gateway: 'https://gw', system: 'sys', secretRef: { name: 'scaleio' } }),
  storageos: () => ({ volumeName: 'vol' }),
};

/** Every volume source the API knows, allowed first: what the generated volumes should cover. */
export const VOLUME_SOURCE_NAMES: readonly string[] = [...ALLOWED_SOURCE_NAMES, ...RESTRICTED_SOURCE_NAMES];

/**
 * Strings that catch formatting and ordering differences: Go's %q escapes what strconv.IsPrint
 * refuses (controls, U+00AD, U+00A0, U+2028...), and Go sorts by UTF-8 bytes (code points) where
 * JavaScript sorts UTF-16 units (U+FF21 sorts before U+1F600 in Go, after it in JavaScript).
 */
const TRICKY_STRINGS = [
  '\t', 'a\nb', '\u00ad', '\u00a0', '\u200b', '"q"', 'b\\s', '\x7f', '\x00', 'é', 'e\u0301',
  '\u{1F600}', '\uff21', '\u2028', '\ufffd', '日本', '\u{10FFFF}', '\u{E0001}', '\u061c', ' ', 'Z', 'a',
];

const CONTAINER_NAMES = ['app', 'sidecar', 'proxy', 'worker', 'metrics', 'log-shipper'];
const INIT_NAMES = ['init', 'migrate', 'wait-for-db', 'setup'];
const EPHEMERAL_NAMES = ['debugger', 'debug-shell', 'inspect'];
/** Names that test quoting and sets vs lists in details: empty, duplicates, quotes, non-ASCII. */
const ODD_NAMES = ['', 'app', 'we"ird', 'ünïcode', 'a b'];

// ---------------------------------------------------------------------------------------------
// Pod drafts: the pod types with every field optional and nullable, as JSON can spell them.

type Loose<T> = T extends readonly (infer U)[]
  ? Loose<U>[]
  : T extends object
    ? { -readonly [K in keyof T]?: Loose<T[K]> | null }
    : T;

type DraftContainer = Loose<Container> & { targetContainerName?: string };
type DraftSecurityContext = Loose<SecurityContext>;
type DraftPodSecurityContext = Loose<PodSecurityContext>;
type DraftVolume = Loose<Volume>;

interface Draft {
  readonly rng: Rng;
  readonly decks: Decks;
  readonly meta: Loose<ObjectMeta> & { annotations: Record<string, string> };
  readonly spec: Loose<PodSpec> & { containers: DraftContainer[]; initContainers: DraftContainer[]; ephemeralContainers: DraftContainer[]; volumes: DraftVolume[] };
  usedNames: Set<string>;
}

type ContainerKind = 'containers' | 'initContainers' | 'ephemeralContainers';

function allContainers(d: Draft): DraftContainer[] {
  return [...d.spec.initContainers, ...d.spec.containers, ...d.spec.ephemeralContainers];
}

function containerSecurity(c: DraftContainer): DraftSecurityContext {
  c.securityContext ??= {};
  return c.securityContext;
}

function podSecurity(d: Draft): DraftPodSecurityContext {
  d.spec.securityContext ??= {};
  return d.spec.securityContext;
}

/** One container, or two or more, or all: violations shared by several containers matter. */
function targets(d: Draft): DraftContainer[] {
  const all = allContainers(d);
  const roll = d.rng.next();
  if (roll < 0.6 || all.length === 1) return [d.rng.pick(all)];
  if (roll < 0.85) {
    const some = all.filter(() => d.rng.chance(0.5));
    return some.length > 0 ? some : [d.rng.pick(all)];
  }
  return all;
}

function freshName(d: Draft, pool: readonly string[]): string {
  if (d.rng.chance(0.03)) return d.rng.pick(ODD_NAMES);
  for (let suffix = 1; ; suffix++) {
    const base = d.rng.pick(pool);
    const name = suffix === 1 ? base : `${base}-${suffix}`;
    if (!d.usedNames.has(name)) {
      d.usedNames.add(name);
      return name;
    }
  }
}

/** A container that passes restricted on its own (pod-level settings may still be needed). */
function compliantContainer(d: Draft, kind: ContainerKind, perContainer: { runAsNonRoot: boolean; seccomp: boolean }): DraftContainer {
  const { rng } = d;
  const pool = kind === 'containers' ? CONTAINER_NAMES : kind === 'initContainers' ? INIT_NAMES : EPHEMERAL_NAMES;
  const c: DraftContainer = { name: freshName(d, pool), image: 'registry.example/app:1.0' };
  if (kind === 'ephemeralContainers' && rng.chance(0.5)) c.targetContainerName = 'app';
  const sc: DraftSecurityContext = {
    allowPrivilegeEscalation: false,
    capabilities: rng.chance(0.3) ? { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } : { drop: ['ALL'] },
  };
  if (perContainer.runAsNonRoot) sc.runAsNonRoot = true;
  if (perContainer.seccomp) sc.seccompProfile = rng.chance(0.8) ? { type: 'RuntimeDefault' } : { type: 'Localhost', localhostProfile: profileName(rng) };
  if (rng.chance(0.3)) sc.runAsUser = rng.pick([1000, 65534, 10001]);
  if (rng.chance(0.2)) sc.readOnlyRootFilesystem = true;
  if (rng.chance(0.1)) sc.privileged = false;
  if (rng.chance(0.1)) sc.seLinuxOptions = { type: rng.pick(['container_t', 'container_init_t', '']), level: rng.pick(SELINUX_LEVELS) };
  if (rng.chance(0.1)) sc.appArmorProfile = rng.chance(0.7) ? { type: 'RuntimeDefault' } : { type: 'Localhost', localhostProfile: profileName(rng) };
  if (rng.chance(0.05)) sc.procMount = 'Default';
  c.securityContext = sc;
  if (kind === 'containers' && rng.chance(0.4)) c.ports = [{ containerPort: 8080, protocol: 'TCP', ...(rng.chance(0.3) ? { hostPort: 0 } : {}) }];
  if (kind === 'containers' && rng.chance(0.3)) c.readinessProbe = { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 };
  if (kind === 'containers' && rng.chance(0.2)) c.livenessProbe = { tcpSocket: { port: 8080 } };
  if (kind === 'containers' && rng.chance(0.1)) c.lifecycle = { preStop: { exec: { command: ['sleep', '5'] } } };
  return c;
}

function addContainer(d: Draft, kind: ContainerKind, perContainer: { runAsNonRoot: boolean; seccomp: boolean }): DraftContainer {
  const c = compliantContainer(d, kind, perContainer);
  d.spec[kind].push(c);
  return c;
}

function baseDraft(rng: Rng, decks: Decks, index: number): Draft {
  const d: Draft = {
    rng,
    decks,
    meta: { name: `pod-${index}`, namespace: rng.pick(['default', 'team-a', 'payments']), annotations: {} },
    spec: { containers: [], initContainers: [], ephemeralContainers: [], volumes: [] },
    usedNames: new Set(),
  };
  if (rng.chance(0.3)) d.meta.labels = { app: 'demo' };
  if (rng.chance(0.2)) d.meta.annotations['example.com/owner'] = 'team-a';
  // Compliance comes from the pod level most of the time, from every container otherwise.
  const perContainer = { runAsNonRoot: rng.chance(0.2), seccomp: rng.chance(0.2) };
  const psc: DraftPodSecurityContext = {};
  if (!perContainer.runAsNonRoot) psc.runAsNonRoot = true;
  if (!perContainer.seccomp) psc.seccompProfile = rng.chance(0.85) ? { type: 'RuntimeDefault' } : { type: 'Localhost', localhostProfile: profileName(rng) };
  if (rng.chance(0.3)) psc.runAsUser = 1000;
  if (rng.chance(0.2)) psc.fsGroup = 2000;
  if (rng.chance(0.1)) psc.sysctls = rng.some(ALLOWED_SYSCTLS.slice(0, 5), 1, 2).map((name) => ({ name, value: '1' }));
  if (rng.chance(0.05)) psc.seLinuxOptions = { level: 's0:c1,c2' };
  d.spec.securityContext = psc;

  const counts = { containers: 1 + rng.int(rng.chance(0.3) ? 4 : 2), initContainers: rng.int(4), ephemeralContainers: rng.chance(0.5) ? 0 : rng.int(4) };
  for (const kind of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
    for (let i = 0; i < counts[kind]; i++) addContainer(d, kind, perContainer);
  }
  const allowedVolumes = Object.entries(ALLOWED_VOLUME_SOURCES);
  for (let i = rng.int(3); i > 0; i--) {
    const [source, make] = rng.pick(allowedVolumes);
    d.spec.volumes.push({ name: `vol-${d.spec.volumes.length}`, [source]: make() });
  }
  if (rng.chance(0.1)) d.spec.hostUsers = false;
  if (rng.chance(0.15)) d.spec.os = { name: 'linux' };
  if (rng.chance(0.1)) d.spec.serviceAccountName = 'default';
  return d;
}

// ---------------------------------------------------------------------------------------------
// Tweaks: each changes one thing a check reads. `undefined` removes a field, `null` is Go's nil.

type Tweak = (d: Draft) => void;

const setOrDelete = <T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void => {
  if (value === undefined) Reflect.deleteProperty(target, key);
  else target[key] = value;
};

const TWEAKS: readonly (readonly [weight: number, tweak: Tweak])[] = [
  // hostNamespaces, one or several at once
  [3, (d) => {
    for (const key of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      if (d.rng.chance(0.45)) setOrDelete(d.spec, key, d.rng.pick([true, true, true, false, null]));
    }
  }],
  // procMount, runAsNonRoot, runAsUser relax for user-namespaced pods from 1.35
  [2, (d) => setOrDelete(d.spec, 'hostUsers', d.rng.pick([true, false, false, null, undefined]))],
  // privileged
  [3, (d) => { const v = d.rng.pick([true, true, false, null]); for (const c of targets(d)) containerSecurity(c).privileged = v; }],
  // allowPrivilegeEscalation
  [4, (d) => { const v = d.rng.pick([true, null, undefined, false]); for (const c of targets(d)) setOrDelete(containerSecurity(c), 'allowPrivilegeEscalation', v); }],
  // a container without any security context (nil, empty, or absent)
  [2, (d) => { const v = d.rng.pick([null, undefined, {}]); for (const c of targets(d)) setOrDelete(c, 'securityContext', v); }],
  // capabilities.add
  [4, (d) => {
    const draw = (): string[] => Array.from({ length: 1 + d.rng.int(3) }, () => capabilityName(d));
    const add = draw();
    for (const c of targets(d)) {
      const sc = containerSecurity(c);
      sc.capabilities ??= {};
      sc.capabilities.add = d.rng.chance(0.8) ? [...add] : draw();
    }
  }],
  // capabilities.drop
  [3, (d) => {
    const drop = d.rng.pick(DROP_VARIANTS);
    for (const c of targets(d)) {
      const sc = containerSecurity(c);
      sc.capabilities ??= {};
      setOrDelete(sc.capabilities, 'drop', drop === null || drop === undefined ? drop : [...drop]);
    }
  }],
  [1, (d) => { const v = d.rng.pick([null, undefined, {}, { add: null, drop: null }]); for (const c of targets(d)) setOrDelete(containerSecurity(c), 'capabilities', v === null || v === undefined ? v : { ...v }); }],
  // runAsNonRoot
  [3, (d) => setOrDelete(podSecurity(d), 'runAsNonRoot', d.rng.pick([false, null, undefined, true]))],
  [3, (d) => { const v = d.rng.pick([false, true, null, undefined]); for (const c of targets(d)) setOrDelete(containerSecurity(c), 'runAsNonRoot', v); }],
  // runAsUser
  [2, (d) => setOrDelete(podSecurity(d), 'runAsUser', d.rng.pick([0, 0, 1000, null, undefined, 65534]))],
  [3, (d) => { const v = d.rng.pick([0, 0, 1000, null, 1]); for (const c of targets(d)) setOrDelete(containerSecurity(c), 'runAsUser', v); }],
  // seLinuxOptions
  [2, (d) => setOrDelete(podSecurity(d), 'seLinuxOptions', seLinuxOptions(d))],
  [3, (d) => { const v = seLinuxOptions(d); for (const c of targets(d)) setOrDelete(containerSecurity(c), 'seLinuxOptions', d.rng.chance(0.8) ? v : seLinuxOptions(d)); }],
  // seccompProfile (pod and containers), and the pre-1.19 annotations
  [3, (d) => setOrDelete(podSecurity(d), 'seccompProfile', seccompProfile(d.rng))],
  [3, (d) => { const v = seccompProfile(d.rng); for (const c of targets(d)) setOrDelete(containerSecurity(c), 'seccompProfile', d.rng.chance(0.8) ? v : seccompProfile(d.rng)); }],
  [3, (d) => {
    if (d.rng.chance(0.4)) d.meta.annotations[SECCOMP_POD_ANNOTATION] = annotationValue(d.rng, SECCOMP_ANNOTATION_VALUES);
    const value = annotationValue(d.rng, SECCOMP_ANNOTATION_VALUES);
    for (const c of targets(d)) d.meta.annotations[SECCOMP_CONTAINER_ANNOTATION + (c.name ?? '')] = d.rng.chance(0.8) ? value : annotationValue(d.rng, SECCOMP_ANNOTATION_VALUES);
    if (d.rng.chance(0.2)) d.meta.annotations[`${SECCOMP_CONTAINER_ANNOTATION}not-a-container`] = 'unconfined';
  }],
  // AppArmor: annotations (any key with the prefix counts, container or not) and fields
  [3, (d) => {
    const value = annotationValue(d.rng, APPARMOR_ANNOTATION_VALUES);
    for (const c of targets(d)) d.meta.annotations[APPARMOR_ANNOTATION + (c.name ?? '')] = d.rng.chance(0.8) ? value : annotationValue(d.rng, APPARMOR_ANNOTATION_VALUES);
    if (d.rng.chance(0.2)) d.meta.annotations[APPARMOR_ANNOTATION + d.rng.pick(['ghost', ''])] = annotationValue(d.rng, APPARMOR_ANNOTATION_VALUES);
  }],
  [2, (d) => setOrDelete(podSecurity(d), 'appArmorProfile', appArmorProfile(d.rng))],
  [3, (d) => { const v = appArmorProfile(d.rng); for (const c of targets(d)) setOrDelete(containerSecurity(c), 'appArmorProfile', d.rng.chance(0.8) ? v : appArmorProfile(d.rng)); }],
  // windowsOptions.hostProcess
  [2, (d) => setOrDelete(podSecurity(d), 'windowsOptions', windowsOptions(d.rng))],
  [2, (d) => { const v = windowsOptions(d.rng); for (const c of targets(d)) setOrDelete(containerSecurity(c), 'windowsOptions', v); }],
  // procMount
  [3, (d) => { const v = d.rng.pick([...PROC_MOUNTS, null]); for (const c of targets(d)) setOrDelete(containerSecurity(c), 'procMount', d.rng.chance(0.8) ? v : d.rng.pick(PROC_MOUNTS)); }],
  // sysctls
  [5, (d) => {
    const psc = podSecurity(d);
    if (d.rng.chance(0.1)) return setOrDelete(psc, 'sysctls', d.rng.pick([null, [], undefined]));
    // Half the time only allowed names (so that versions differ), else any sysctl at all.
    const names = d.rng.chance(0.5)
      ? d.rng.some(ALLOWED_SYSCTLS, 1, 4)
      : Array.from({ length: 1 + d.rng.int(d.rng.chance(0.6) ? 16 : 3) }, () => sysctlName(d));
    if (d.rng.chance(0.3)) names.push(d.rng.pick(ALLOWED_SYSCTLS));
    psc.sysctls = names.map((name) => ({ name, value: '1' }));
  }],
  // volumes of every type, plus nameless sources and two sources in one volume
  [4, (d) => {
    const roll = d.rng.next();
    const name = d.rng.chance(0.05) ? d.rng.pick(['', 'vol-0']) : `vol-${d.spec.volumes.length}`;
    const allowed = Object.entries(ALLOWED_VOLUME_SOURCES);
    const forbidden = Object.entries(FORBIDDEN_VOLUME_SOURCES);
    if (roll < 0.45) {
      // hostPath is what baseline forbids, so it gets half of the forbidden share.
      const [source, make] = d.rng.chance(0.5) ? (['hostPath', hostPathSource] as const) : d.rng.pick(forbidden);
      d.spec.volumes.push({ name, [source]: make() });
    } else if (roll < 0.75) {
      const [source, make] = d.rng.pick(allowed);
      d.spec.volumes.push({ name, [source]: make() });
    } else if (roll < 0.85) {
      // No source Go would see: unknown type.
      d.spec.volumes.push(d.rng.pick([{ name }, { name, hostPath: null }, { name, emptyDir: null }, { name, fooVolume: {} }]));
    } else {
      const [first, makeFirst] = d.rng.pick([...allowed, ...forbidden]);
      const [second, makeSecond] = d.rng.pick([...allowed, ...forbidden]);
      d.spec.volumes.push({ name, [first]: makeFirst(), [second]: makeSecond() });
    }
  }],
  // hostPort
  [3, (d) => {
    const hostPort = d.rng.pick(HOST_PORTS);
    for (const c of targets(d)) {
      c.ports ??= [];
      c.ports.push({ containerPort: 8080 + c.ports.length, ...(d.rng.chance(0.9) ? { hostPort: d.rng.chance(0.8) ? hostPort : d.rng.pick(HOST_PORTS) } : {}) });
    }
  }],
  [1, (d) => { for (const c of targets(d)) c.ports = d.rng.pick([null, [], [{ containerPort: 53, protocol: 'UDP' }]]); }],
  // probe and lifecycle hosts
  [3, (d) => {
    const host = d.rng.pick(PROBE_HOSTS);
    for (const c of targets(d)) {
      const h = d.rng.chance(0.8) ? host : d.rng.pick(PROBE_HOSTS);
      const handler = handlerWithHost(d.rng, h);
      const where = d.rng.pick(['livenessProbe', 'readinessProbe', 'startupProbe', 'postStart', 'preStop'] as const);
      if (where === 'postStart' || where === 'preStop') {
        c.lifecycle ??= {};
        c.lifecycle[where] = handler;
      } else {
        c[where] = { ...handler, periodSeconds: 10 };
      }
    }
  }],
  [1, (d) => { for (const c of targets(d)) c.lifecycle = d.rng.pick([null, {}, { postStart: null, preStop: null }]); }],
  // spec.os: Windows exempts some restricted checks from 1.25 (exact, case-sensitive match)
  [2, (d) => setOrDelete(d.spec, 'os', d.rng.pick([{ name: 'windows' }, { name: 'windows' }, { name: 'linux' }, { name: 'Windows' }, {}, null, undefined]))],
  // more containers: some compliant, some bare
  [3, (d) => {
    const kind = d.rng.pick(['containers', 'initContainers', 'ephemeralContainers'] as const);
    const c = addContainer(d, kind, { runAsNonRoot: d.rng.chance(0.5), seccomp: d.rng.chance(0.5) });
    if (d.rng.chance(0.4)) setOrDelete(c, 'securityContext', d.rng.pick([null, undefined, {}]));
  }],
  // the same mistake at pod level and in several containers (copied security contexts)
  [5, (d) => {
    const { rng } = d;
    const psc = podSecurity(d);
    const containers = targets(d).map(containerSecurity);
    const each = <T>(value: () => T, set: (sc: DraftSecurityContext, v: T) => void): void => {
      for (const sc of containers) set(sc, value());
    };
    switch (rng.int(7)) {
      case 0: psc.runAsNonRoot = false; each(() => rng.pick([false, false, true]), (sc, v) => (sc.runAsNonRoot = v)); break;
      case 1: psc.runAsUser = 0; each(() => rng.pick([0, 0, 1000]), (sc, v) => (sc.runAsUser = v)); break;
      case 2: psc.seccompProfile = seccompProfile(rng); each(() => seccompProfile(rng), (sc, v) => setOrDelete(sc, 'seccompProfile', v)); break;
      case 3: psc.seLinuxOptions = seLinuxOptions(d); each(() => seLinuxOptions(d), (sc, v) => setOrDelete(sc, 'seLinuxOptions', v)); break;
      case 4: psc.windowsOptions = { hostProcess: true }; each(() => windowsOptions(rng), (sc, v) => setOrDelete(sc, 'windowsOptions', v)); break;
      case 5:
        psc.appArmorProfile = appArmorProfile(rng);
        each(() => appArmorProfile(rng), (sc, v) => setOrDelete(sc, 'appArmorProfile', v));
        for (const c of targets(d)) d.meta.annotations[APPARMOR_ANNOTATION + (c.name ?? '')] = annotationValue(rng, APPARMOR_ANNOTATION_VALUES);
        break;
      default: psc.seccompProfile = null; each(() => rng.pick([null, undefined, { type: 'RuntimeDefault' }]), (sc, v) => setOrDelete(sc, 'seccompProfile', v));
    }
  }],
  // the pod security context itself
  [1, (d) => { d.spec.securityContext = d.rng.pick([null, {}]); }],
  // keys in the wrong case: kube-apiserver decodes JSON case-sensitively and drops them
  [1, (d) => {
    const c = d.rng.pick(allContainers(d));
    switch (d.rng.int(4)) {
      case 0: Object.assign(d.spec, { HostNetwork: true, hostpid: true }); break;
      case 1: Object.assign(containerSecurity(c), { Privileged: true, RunAsUser: 0, allowprivilegeescalation: true }); break;
      case 2: Object.assign(podSecurity(d), { RunAsNonRoot: false, Sysctls: [{ name: 'kernel.msgmax', value: '1' }] }); break;
      default: d.spec.volumes.push({ name: `vol-${d.spec.volumes.length}`, HostPath: { path: '/' } });
    }
  }],
  // strings Go quotes or orders differently from JavaScript, in every string a detail prints
  [3, (d) => {
    const { rng } = d;
    const tricky = (): string => rng.pick(TRICKY_STRINGS);
    for (let i = 1 + rng.int(3); i > 0; i--) {
      const c = rng.pick(allContainers(d));
      const sc = containerSecurity(c);
      switch (rng.int(11)) {
        case 0: d.meta.annotations[APPARMOR_ANNOTATION + tricky()] = tricky(); break;
        case 1: d.meta.annotations[rng.chance(0.5) ? SECCOMP_POD_ANNOTATION : SECCOMP_CONTAINER_ANNOTATION + (c.name ?? '')] = tricky(); break;
        case 2: sc.capabilities = { drop: ['ALL'], add: rng.some(TRICKY_STRINGS, 1, 3) }; break;
        case 3: sc.procMount = tricky(); break;
        case 4: sc.seccompProfile = { type: tricky() }; break;
        case 5: sc.appArmorProfile = { type: tricky() }; break;
        case 6: sc.seLinuxOptions = { type: tricky() }; break;
        case 7: c.livenessProbe = { httpGet: { port: 8080, host: tricky() } }; break;
        case 8: podSecurity(d).sysctls = rng.some(TRICKY_STRINGS, 1, 3).map((name) => ({ name, value: '1' })); break;
        case 9: c.name = tricky(); break;
        default: d.spec.volumes.push({ name: tricky(), ...(rng.chance(0.5) ? { hostPath: { path: '/' } } : { nfs: { server: 's', path: '/' } }) });
      }
    }
  }],
  // null inside lists and in string fields: Go decodes the zero value ("", 0, an empty struct)
  [1, (d) => {
    const { rng } = d;
    const c = rng.pick(allContainers(d));
    const sc = containerSecurity(c);
    const loose = <T>(value: unknown): T => value as T;
    switch (rng.int(9)) {
      case 0: sc.capabilities = { drop: loose<string[]>(rng.pick([[null, 'ALL'], [null]])), add: loose<string[]>(rng.pick([[null], [null, 'SYS_ADMIN'], undefined])) }; break;
      case 1: podSecurity(d).sysctls = loose(rng.pick([[null], [{ name: null, value: '1' }], [{ name: 'kernel.msgmax', value: null }, null]])); break;
      case 2: sc.seLinuxOptions = loose({ type: null, user: rng.pick([null, 'u']), role: null, level: null }); break;
      case 3: sc.seccompProfile = loose({ type: null, localhostProfile: null }); break;
      case 4: sc.appArmorProfile = loose({ type: null }); break;
      case 5: d.spec.volumes.push(loose(rng.pick([null, { name: null, emptyDir: {} }, { name: null }]))); break;
      case 6: c.ports = loose([null, { hostPort: null }, { containerPort: 80, hostPort: rng.pick([null, 8443]) }]); break;
      case 7: c.name = loose(null); break;
      default: d.meta.annotations = loose({ ...d.meta.annotations, [APPARMOR_ANNOTATION + 'app']: null, [SECCOMP_POD_ANNOTATION]: null });
    }
  }],
];

const TOTAL_WEIGHT = TWEAKS.reduce((sum, [weight]) => sum + weight, 0);

function pickTweak(rng: Rng): Tweak {
  let roll = rng.next() * TOTAL_WEIGHT;
  for (const [weight, tweak] of TWEAKS) {
    roll -= weight;
    if (roll < 0) return tweak;
  }
  return (TWEAKS[TWEAKS.length - 1] as (typeof TWEAKS)[number])[1];
}

function seLinuxOptions(d: Draft): DraftSecurityContext['seLinuxOptions'] | undefined {
  const { rng, decks } = d;
  if (rng.chance(0.1)) return rng.pick([null, undefined, {}]);
  const options: NonNullable<DraftSecurityContext['seLinuxOptions']> = {};
  if (rng.chance(0.8)) options.type = seLinuxType(d);
  if (rng.chance(0.3)) options.user = rng.chance(0.3) ? '' : rng.chance(0.85) ? decks.seLinuxUser() : `${identifier(rng)}_u`;
  if (rng.chance(0.3)) options.role = rng.chance(0.3) ? '' : rng.chance(0.85) ? decks.seLinuxRole() : `${identifier(rng)}_r`;
  if (rng.chance(0.4)) options.level = rng.pick(SELINUX_LEVELS);
  return options;
}

function seccompProfile(rng: Rng): DraftSecurityContext['seccompProfile'] | undefined {
  if (rng.chance(0.15)) return rng.pick([null, undefined, {}]);
  const type = rng.chance(0.9) ? rng.pick(SECCOMP_TYPES) : nearMiss(rng, rng.pick(['RuntimeDefault', 'Localhost']));
  return type === 'Localhost' && rng.chance(0.7) ? { type, localhostProfile: profileName(rng) } : { type };
}

function appArmorProfile(rng: Rng): DraftSecurityContext['appArmorProfile'] | undefined {
  if (rng.chance(0.15)) return rng.pick([null, undefined, {}]);
  const type = rng.chance(0.9) ? rng.pick(APPARMOR_TYPES) : nearMiss(rng, rng.pick(['RuntimeDefault', 'Localhost']));
  return type === 'Localhost' && rng.chance(0.7) ? { type, localhostProfile: profileName(rng) } : { type };
}

// ---------------------------------------------------------------------------------------------
// Values for allow-listed fields, drawn from the whole space.

/** Pools dealt like cards (see createDeck): each value comes up once before any comes up again. */
interface Decks {
  readonly capability: () => string;
  readonly sysctl: () => string;
  readonly seLinuxType: () => string;
  readonly seLinuxUser: () => string;
  readonly seLinuxRole: () => string;
}

function createDecks(rng: Rng): Decks {
  return {
    capability: createDeck(rng, LINUX_CAPABILITIES),
    sysctl: createDeck(rng, LINUX_SYSCTLS),
    seLinuxType: createDeck(rng, SELINUX_TYPES),
    seLinuxUser: createDeck(rng, SELINUX_USERS),
    seLinuxRole: createDeck(rng, SELINUX_ROLES),
  };
}

/**
 * Deals the items in a shuffled order, every item once before any repeats, then reshuffles.
 * Uniform draws would leave some of 588 sysctls out of any given 20,000 pods; dealt ones cannot
 * be left out once the run has drawn as many, whatever the seed.
 */
export function createDeck<T>(rng: Rng, items: readonly T[]): () => T {
  let order: T[] = [];
  return () => {
    if (order.length === 0) {
      order = [...items];
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [order[i], order[j]] = [order[j] as T, order[i] as T];
      }
    }
    return order.pop() as T;
  };
}

/** A capability as a pod might spell it: mostly exact, else with CAP_, in another case, padded or made up. */
function capabilityName(d: Draft): string {
  const { rng } = d;
  const roll = rng.next();
  if (roll < 0.3) return rng.pick(BASELINE_CAPABILITIES);
  const name = d.decks.capability();
  if (roll < 0.75) return name;
  if (roll < 0.83) return `CAP_${name}`;
  if (roll < 0.93) return nearMiss(rng, rng.chance(0.3) ? `CAP_${name}` : name);
  if (roll < 0.96) return rng.pick(['ALL', 'all', '', 'CAP_ALL']);
  return identifier(rng).toUpperCase();
}

/** A sysctl: any of a pod's namespaces, an allowed one, a near miss of one, or a made-up name. */
function sysctlName(d: Draft): string {
  const { rng } = d;
  const roll = rng.next();
  if (roll < 0.8) return d.decks.sysctl();
  if (roll < 0.85) return rng.pick(ALLOWED_SYSCTLS);
  if (roll < 0.87) return rng.pick(FORBIDDEN_SYSCTLS);
  if (roll < 0.94) return nearMiss(rng, rng.pick(ALLOWED_SYSCTLS));
  return Array.from({ length: 2 + rng.int(3) }, () => identifier(rng)).join(rng.chance(0.9) ? '.' : '/');
}

function seLinuxType(d: Draft): string {
  const { rng } = d;
  const roll = rng.next();
  if (roll < 0.4) return rng.pick(ALLOWED_SELINUX_TYPES);
  if (roll < 0.9) return d.decks.seLinuxType();
  if (roll < 0.95) return nearMiss(rng, rng.pick(ALLOWED_SELINUX_TYPES.slice(1)));
  return `${identifier(rng)}_t`;
}

/** A seccomp or AppArmor annotation value: mostly from the pool, else a localhost profile or a near miss. */
function annotationValue(rng: Rng, pool: readonly string[]): string {
  const roll = rng.next();
  if (roll < 0.8) return rng.pick(pool);
  if (roll < 0.9) return `localhost/${profileName(rng)}`;
  if (roll < 0.95) return nearMiss(rng, rng.pick(['runtime/default', 'localhost/', 'docker/default']));
  return identifier(rng);
}

/** A localhost profile name, as a path under the runtime's profile directory. */
function profileName(rng: Rng): string {
  const name = identifier(rng);
  return rng.pick([name, `${name}.json`, `profiles/${name}.json`, `k8s-${name}`, `${identifier(rng)}/${name}`]);
}

const IDENTIFIER_CHARACTERS = 'abcdefghijklmnopqrstuvwxyz0123456789_';

/** A lower-case name of 1 to 12 characters from [a-z0-9_], starting with a letter. */
function identifier(rng: Rng): string {
  const first = IDENTIFIER_CHARACTERS[rng.int(26)] ?? 'a';
  return first + Array.from({ length: rng.int(12) }, () => IDENTIFIER_CHARACTERS[rng.int(IDENTIFIER_CHARACTERS.length)]).join('');
}

/** The value almost as it should be: another case, padded, or with a character more or less. */
function nearMiss(rng: Rng, value: string): string {
  switch (rng.int(5)) {
    case 0:
      return [...value].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
    case 1:
      return rng.chance(0.5) ? ` ${value}` : `${value} `;
    case 2:
      return value.slice(0, -1);
    case 3:
      return `${value}${rng.pick(['_', '.', 'x', '0'])}`;
    default:
      return value.toUpperCase() === value ? value.toLowerCase() : value.toUpperCase();
  }
}

function windowsOptions(rng: Rng): DraftSecurityContext['windowsOptions'] | undefined {
  if (rng.chance(0.15)) return rng.pick([null, undefined, {}]);
  const hostProcess = rng.pick([true, true, false, null]);
  return rng.chance(0.3) ? { hostProcess, runAsUserName: 'NT AUTHORITY\\SYSTEM' } : { hostProcess };
}

function handlerWithHost(rng: Rng, host: string): NonNullable<DraftContainer['livenessProbe']> {
  switch (rng.int(4)) {
    case 0:
      return { httpGet: { path: '/healthz', port: 8080, host } };
    case 1:
      return { tcpSocket: { port: 8080, host } };
    case 2:
      // Not valid API-wise, but the check reads both fields.
      return { httpGet: { port: 'http', host }, tcpSocket: { port: 8080, host: rng.pick(PROBE_HOSTS) } };
    default:
      return rng.pick([{ httpGet: { port: 8080 } }, { tcpSocket: { port: 8080 } }, { exec: { command: ['true'] } }, { httpGet: null, tcpSocket: null }]);
  }
}

function tweakCount(rng: Rng): number {
  const roll = rng.next();
  if (roll < 0.12) return 0;
  if (roll < 0.42) return 1;
  if (roll < 0.64) return 2;
  if (roll < 0.84) return 3 + rng.int(2);
  return 5 + rng.int(8);
}

/** Turns empty lists into absent, empty or null: Go sees nil for all three. */
function finish(d: Draft): Loose<PodUnderTest> {
  const { rng, spec, meta } = d;
  const listKeys = ['initContainers', 'ephemeralContainers', 'volumes'] as const;
  const out: Loose<PodSpec> = { ...spec };
  for (const key of listKeys) {
    if (spec[key].length === 0) setOrDelete(out, key, rng.pick([undefined, undefined, [], null]));
  }
  const metadata: Loose<ObjectMeta> = { ...meta };
  if (Object.keys(meta.annotations).length === 0) setOrDelete(metadata, 'annotations', rng.pick([undefined, undefined, {}, null]));
  // Rarely, a pod with hardly anything in it: every check must cope with nil everywhere.
  if (rng.chance(0.005)) {
    return rng.pick<Loose<PodUnderTest>>([{}, { metadata: null, spec: null }, { metadata, spec: { ...out, containers: null } }, { spec: { containers: [] } }]);
  }
  return { metadata, spec: out };
}

/** Pod `index` of a stream: restricted-compliant base plus 0..12 tweaks. */
function generatePod(rng: Rng, decks: Decks, index: number): PodUnderTest {
  const d = baseDraft(rng, decks, index);
  for (let i = tweakCount(rng); i > 0; i--) pickTweak(rng)(d);
  // JSON null is part of the input space (Go decodes it as nil); the pod types don't model null.
  return finish(d) as PodUnderTest;
}

/**
 * `count` pods from `seed`; the same seed always gives the same pods, and a shorter run is a
 * prefix of a longer one. Pods may contain JSON null where Go would see nil.
 */
export function generatePods(seed: number, count: number): PodUnderTest[] {
  const rng = createRng(seed);
  const decks = createDecks(rng);
  return Array.from({ length: count }, (_, index) => generatePod(rng, decks, index));
}
