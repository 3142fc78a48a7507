// Pod fixtures for the scenarios: one pod that passes `restricted:latest`, and small named tweaks
// that each break one Pod Security Standards check. The short reason each tweak produces is noted
// beside it (k8s.io/pod-security-admission@v0.37.2 policy/check_*.go ForbiddenReason).

import type { V1Container, V1Pod } from '@kubernetes/client-node';

export type Tweak = (pod: V1Pod) => void;

/** Passes every check at every level and version. */
export function restrictedPod(name: string): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'app',
          image: 'registry.k8s.io/pause:3.10',
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        },
      ],
    },
  };
}

/** A pod with no security settings at all: passes baseline, fails restricted on four checks. */
export function plainPod(name: string): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
  };
}

export function tweak(base: V1Pod, ...tweaks: Tweak[]): V1Pod {
  const pod = structuredClone(base);
  for (const t of tweaks) t(pod);
  return pod;
}

function app(pod: V1Pod): V1Container {
  const container = pod.spec?.containers[0];
  if (container === undefined) throw new Error('fixture pod has no container');
  return container;
}

function spec(pod: V1Pod): NonNullable<V1Pod['spec']> {
  if (pod.spec === undefined) throw new Error('fixture pod has no spec');
  return pod.spec;
}

// --- baseline checks ---

/** privileged: "privileged" */
export const privileged: Tweak = (pod) => {
  app(pod).securityContext = { ...app(pod).securityContext, privileged: true };
};

/** hostNamespaces: "host namespaces" */
export const hostNetwork: Tweak = (pod) => {
  spec(pod).hostNetwork = true;
};

/** hostPathVolumes: "hostPath volumes" at baseline; restrictedVolumes: "restricted volume types" at restricted */
export const hostPathVolume: Tweak = (pod) => {
  spec(pod).volumes = [...(spec(pod).volumes ?? []), { name: 'host', hostPath: { path: '/var/log' } }];
};

/** hostPorts: "hostPort" */
export const hostPort: Tweak = (pod) => {
  app(pod).ports = [{ containerPort: 8080, hostPort: 8080 }];
};

/** capabilities_baseline: "non-default capabilities" at baseline; "unrestricted capabilities" at restricted */
export const addNetAdmin: Tweak = (pod) => {
  const sc = app(pod).securityContext ?? {};
  app(pod).securityContext = { ...sc, capabilities: { ...sc.capabilities, add: ['NET_ADMIN'] } };
};

/** seLinuxOptions: "seLinuxOptions" */
export const seLinuxSpcType: Tweak = (pod) => {
  spec(pod).securityContext = { ...spec(pod).securityContext, seLinuxOptions: { type: 'spc_t' } };
};

/** appArmorProfile: "forbidden AppArmor profile" */
export const appArmorUnconfined: Tweak = (pod) => {
  app(pod).securityContext = { ...app(pod).securityContext, appArmorProfile: { type: 'Unconfined' } };
};

/** sysctls: "forbidden sysctls" at every version */
export const unsafeSysctl: Tweak = (pod) => {
  spec(pod).securityContext = { ...spec(pod).securityContext, sysctls: [{ name: 'kernel.msgmax', value: '65536' }] };
};

/** sysctls: allowed from v1.37, "forbidden sysctls" before (check_sysctls.go sysctlsAllowedV1Dot37) */
export const sysctlNewIn137: Tweak = (pod) => {
  spec(pod).securityContext = {
    ...spec(pod).securityContext,
    sysctls: [{ name: 'net.ipv4.tcp_slow_start_after_idle', value: '0' }],
  };
};

/** hostProbesAndHostLifecycle (v1.34+): "probe or lifecycle host" */
export const probeHost: Tweak = (pod) => {
  app(pod).livenessProbe = { httpGet: { host: '10.0.0.1', path: '/healthz', port: 8080 } };
};

/** seccompProfile_baseline: "seccompProfile" at every level */
export const seccompUnconfined: Tweak = (pod) => {
  spec(pod).securityContext = { ...spec(pod).securityContext, seccompProfile: { type: 'Unconfined' } };
};

/** privileged, in an init container: the checks visit every container */
export const privilegedInit: Tweak = (pod) => {
  spec(pod).initContainers = [
    { name: 'init', image: 'registry.k8s.io/pause:3.10', securityContext: { privileged: true } },
  ];
};

// --- restricted checks ---

/** allowPrivilegeEscalation: "allowPrivilegeEscalation != false" */
export const allowEscalation: Tweak = (pod) => {
  app(pod).securityContext = { ...app(pod).securityContext, allowPrivilegeEscalation: true };
};

/** capabilities_restricted: "unrestricted capabilities" */
export const keepCapabilities: Tweak = (pod) => {
  app(pod).securityContext = { ...app(pod).securityContext, capabilities: {} };
};

/** runAsNonRoot: "runAsNonRoot != true" */
export const mayRunAsRoot: Tweak = (pod) => {
  spec(pod).securityContext = { ...spec(pod).securityContext, runAsNonRoot: false };
};

/** runAsUser: "runAsUser=0" */
export const runAsUid0: Tweak = (pod) => {
  app(pod).securityContext = { ...app(pod).securityContext, runAsUser: 0 };
};

/** seccompProfile_restricted: "seccompProfile" */
export const noSeccomp: Tweak = (pod) => {
  const sc = { ...spec(pod).securityContext };
  delete sc.seccompProfile;
  spec(pod).securityContext = sc;
};

// --- metadata ---

/** A pod as a ReplicaSet would create it (PodSecurity prioritises one pod per controller). */
export function ownedBy(replicaSet: string, uid: string): Tweak {
  return (pod) => {
    pod.metadata = {
      ...pod.metadata,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: replicaSet, uid, controller: true }],
    };
  };
}

export function runtimeClass(name: string): Tweak {
  return (pod) => {
    spec(pod).runtimeClassName = name;
  };
}
