// The SARIF rule for each Pod Security check: what the check forbids, in the words of the Pod
// Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/),
// which control of which profile it enforces, and how to fix a violation. Metadata only: which
// pods violate what is decided by shared/pss. Fields and allowed values follow the header of
// each shared/pss/checks/<id>.ts (upstream k8s.io/pod-security-admission policy/check_<id>.go).
import type { CheckId } from '../pss/checks/check-definition.ts';
import type { Level } from '../pss/level.ts';

export interface CheckRule {
  /** SARIF `reportingDescriptor.name`: the check ID in PascalCase, as code-scanning UIs show names. */
  readonly name: string;
  readonly level: Exclude<Level, 'privileged'>;
  /** The control's name in the Pod Security Standards document. */
  readonly control: string;
  /** One sentence, shown where space is short. */
  readonly short: string;
  /** What the check reads and which values it allows. */
  readonly full: string;
  /** How to fix a violation. */
  readonly fix: string;
}

export const PSS_DOCUMENT = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';

const CONTAINERS = 'spec.{initContainers,containers,ephemeralContainers}[*]';

export const CHECK_RULES: Readonly<Record<CheckId, CheckRule>> = {
  allowPrivilegeEscalation: {
    name: 'AllowPrivilegeEscalation',
    level: 'restricted',
    control: 'Privilege Escalation',
    short: 'Containers must set securityContext.allowPrivilegeEscalation to false.',
    full: `Privilege escalation (such as via set-user-ID or set-group-ID file mode) must not be allowed. Field: ${CONTAINERS}.securityContext.allowPrivilegeEscalation; allowed: false (unset fails). From v1.25 pods with spec.os.name "windows" are exempt.`,
    fix: 'Set securityContext.allowPrivilegeEscalation: false in every container.',
  },
  appArmorProfile: {
    name: 'AppArmorProfile',
    level: 'baseline',
    control: 'AppArmor',
    short: 'The default AppArmor profile must not be overridden or disabled.',
    full: `On supported hosts the RuntimeDefault AppArmor profile is applied by default; it must not be overridden or disabled, and only localhost profiles may replace it. Fields: spec.securityContext.appArmorProfile.type and ${CONTAINERS}.securityContext.appArmorProfile.type (allowed: RuntimeDefault, Localhost, unset); the annotations container.apparmor.security.beta.kubernetes.io/* (allowed: runtime/default, localhost/*, empty, unset).`,
    fix: 'Remove the Unconfined AppArmor profile (field or annotation); use RuntimeDefault or a Localhost profile.',
  },
  capabilities_baseline: {
    name: 'CapabilitiesBaseline',
    level: 'baseline',
    control: 'Capabilities',
    short: 'Containers must not add capabilities beyond the default set.',
    full: `Adding capabilities beyond the container runtime's default set is forbidden. Field: ${CONTAINERS}.securityContext.capabilities.add; allowed: AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT, spelled exactly so (no CAP_ prefix, upper case).`,
    fix: 'Remove the other capabilities from securityContext.capabilities.add.',
  },
  capabilities_restricted: {
    name: 'CapabilitiesRestricted',
    level: 'restricted',
    control: 'Capabilities',
    short: 'Containers must drop ALL capabilities and may add back only NET_BIND_SERVICE.',
    full: `Containers must drop all capabilities and are only permitted to add back NET_BIND_SERVICE. Fields: ${CONTAINERS}.securityContext.capabilities.drop must include "ALL"; ${CONTAINERS}.securityContext.capabilities.add may hold only NET_BIND_SERVICE. From v1.25 pods with spec.os.name "windows" are exempt.`,
    fix: 'Set securityContext.capabilities.drop: ["ALL"] in every container and add back at most NET_BIND_SERVICE.',
  },
  hostNamespaces: {
    name: 'HostNamespaces',
    level: 'baseline',
    control: 'Host Namespaces',
    short: 'Pods must not share the host network, PID or IPC namespace.',
    full: 'Sharing the host namespaces is forbidden. Fields: spec.hostNetwork, spec.hostPID, spec.hostIPC; allowed: false or unset.',
    fix: 'Remove hostNetwork, hostPID and hostIPC, or set them to false.',
  },
  hostPathVolumes: {
    name: 'HostPathVolumes',
    level: 'baseline',
    control: 'HostPath Volumes',
    short: 'Pods must not use hostPath volumes.',
    full: 'HostPath volumes are forbidden. Field: spec.volumes[*].hostPath; allowed: unset.',
    fix: 'Replace the hostPath volume with a persistent volume claim, a configMap, a secret or an emptyDir.',
  },
  hostPorts: {
    name: 'HostPorts',
    level: 'baseline',
    control: 'Host Ports',
    short: 'Containers must not use host ports.',
    full: `HostPorts should be disallowed entirely. Field: ${CONTAINERS}.ports[*].hostPort; allowed: 0 or unset.`,
    fix: 'Remove hostPort and expose the port through a Service instead.',
  },
  hostProbesAndHostLifecycle: {
    name: 'HostProbesAndHostLifecycle',
    level: 'baseline',
    control: 'Host Probes / Lifecycle Hooks',
    short: 'Probes and lifecycle handlers must not name a host.',
    full: `The host field of probes and lifecycle hooks must not be set, or the kubelet connects to that host on the pod's behalf. Fields: ${CONTAINERS}.{livenessProbe,readinessProbe,startupProbe}.{httpGet,tcpSocket}.host and ${CONTAINERS}.lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host; allowed: empty or unset. From v1.34.`,
    fix: 'Remove host from the httpGet and tcpSocket handlers; they then reach the pod itself.',
  },
  privileged: {
    name: 'Privileged',
    level: 'baseline',
    control: 'Privileged Containers',
    short: 'Containers must not run privileged.',
    full: `Privileged pods disable most security mechanisms and must be disallowed. Field: ${CONTAINERS}.securityContext.privileged; allowed: false or unset.`,
    fix: 'Remove securityContext.privileged or set it to false; grant the specific capability needed instead, if the level allows it.',
  },
  procMount: {
    name: 'ProcMount',
    level: 'baseline',
    control: '/proc Mount Type',
    short: 'Containers must keep the default /proc mount.',
    full: `The default /proc masks are set up to reduce attack surface and must be kept. Field: ${CONTAINERS}.securityContext.procMount; allowed: Default or unset. From v1.35 any value is allowed in a pod with spec.hostUsers: false (a user namespace).`,
    fix: 'Remove securityContext.procMount or set it to Default.',
  },
  procMount_restricted: {
    name: 'ProcMountRestricted',
    level: 'restricted',
    control: '/proc Mount Type',
    short: 'Containers must keep the default /proc mount, even in a user namespace.',
    full: `At restricted the default /proc masks must be kept whether or not the pod runs in a user namespace. Field: ${CONTAINERS}.securityContext.procMount; allowed: Default or unset. From v1.35, where baseline relaxes the rule for user namespaces.`,
    fix: 'Remove securityContext.procMount or set it to Default.',
  },
  restrictedVolumes: {
    name: 'RestrictedVolumes',
    level: 'restricted',
    control: 'Volume Types',
    short: 'Pods may use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes.',
    full: 'The restricted policy only permits these volume types: configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret. Field: spec.volumes[*]; every volume must set one of them.',
    fix: 'Replace the volume with one of the permitted types, usually a persistentVolumeClaim for storage the cluster manages.',
  },
  runAsNonRoot: {
    name: 'RunAsNonRoot',
    level: 'restricted',
    control: 'Running as Non-root',
    short: 'Containers must set runAsNonRoot to true.',
    full: `Containers must be required to run as non-root users. Fields: spec.securityContext.runAsNonRoot and ${CONTAINERS}.securityContext.runAsNonRoot; allowed: true, or unset in a container when the pod level sets true. From v1.35 any value is allowed in a pod with spec.hostUsers: false.`,
    fix: 'Set spec.securityContext.runAsNonRoot: true (and do not set it to false in a container).',
  },
  runAsUser: {
    name: 'RunAsUser',
    level: 'restricted',
    control: 'Running as Non-root user',
    short: 'Containers must not set runAsUser to 0.',
    full: `Containers must not set runAsUser to 0. Fields: spec.securityContext.runAsUser and ${CONTAINERS}.securityContext.runAsUser; allowed: any non-zero value or unset. From v1.23; from v1.35 any value is allowed in a pod with spec.hostUsers: false.`,
    fix: 'Set runAsUser to a non-zero UID, or remove it and rely on the image user with runAsNonRoot: true.',
  },
  seLinuxOptions: {
    name: 'SELinuxOptions',
    level: 'baseline',
    control: 'SELinux',
    short: 'Pods must not set a custom SELinux user or role, and may use only container SELinux types.',
    full: `Setting the SELinux type is restricted, and setting a custom SELinux user or role option is forbidden. Fields: spec.securityContext.seLinuxOptions and ${CONTAINERS}.securityContext.seLinuxOptions: type allowed empty, container_t, container_init_t, container_kvm_t, and from v1.31 container_engine_t; user and role allowed empty or unset.`,
    fix: 'Remove seLinuxOptions.user and .role, and use an allowed seLinuxOptions.type or none.',
  },
  seccompProfile_baseline: {
    name: 'SeccompProfileBaseline',
    level: 'baseline',
    control: 'Seccomp',
    short: 'A seccomp profile, when set, must be RuntimeDefault or Localhost.',
    full: `Seccomp profile must not be explicitly set to Unconfined. From v1.19, fields spec.securityContext.seccompProfile.type and ${CONTAINERS}.securityContext.seccompProfile.type (allowed: RuntimeDefault, Localhost, unset); before v1.19, the annotations seccomp.security.alpha.kubernetes.io/pod and container.seccomp.security.alpha.kubernetes.io/* (allowed: runtime/default, docker/default, localhost/*, unset).`,
    fix: 'Remove the Unconfined seccomp profile; use RuntimeDefault or a Localhost profile.',
  },
  seccompProfile_restricted: {
    name: 'SeccompProfileRestricted',
    level: 'restricted',
    control: 'Seccomp',
    short: 'Pods must set a seccomp profile of RuntimeDefault or Localhost.',
    full: `Seccomp profile must be explicitly set to one of the allowed values. Fields: spec.securityContext.seccompProfile.type and ${CONTAINERS}.securityContext.seccompProfile.type; allowed: RuntimeDefault, Localhost; a container may leave it unset when the pod level sets an allowed type. From v1.19; from v1.25 pods with spec.os.name "windows" are exempt.`,
    fix: 'Set spec.securityContext.seccompProfile.type: RuntimeDefault.',
  },
  sysctls: {
    name: 'Sysctls',
    level: 'baseline',
    control: 'Sysctls',
    short: 'Pods may set only the safe sysctls.',
    full: 'Sysctls can disable security mechanisms or affect all containers on a host, and should be disallowed except for an allowed "safe" subset. Field: spec.securityContext.sysctls[*].name; allowed: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start; from v1.27 net.ipv4.ip_local_reserved_ports; from v1.29 net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes; from v1.32 net.ipv4.tcp_rmem, net.ipv4.tcp_wmem; from v1.37 net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat.',
    fix: 'Remove the other sysctls, or set them on the node rather than in the pod.',
  },
  windowsHostProcess: {
    name: 'WindowsHostProcess',
    level: 'baseline',
    control: 'HostProcess',
    short: 'Pods must not run Windows HostProcess containers.',
    full: `Windows pods offer the ability to run HostProcess containers which enables privileged access to the Windows host machine; this is forbidden. Fields: spec.securityContext.windowsOptions.hostProcess and ${CONTAINERS}.securityContext.windowsOptions.hostProcess; allowed: false or unset.`,
    fix: 'Remove windowsOptions.hostProcess or set it to false.',
  },
};

/** The rule for a check ID; a check without one is a bug here (the test of this file checks every registered check). */
export function checkRule(id: CheckId): CheckRule {
  const rule = Object.hasOwn(CHECK_RULES, id) ? CHECK_RULES[id] : undefined;
  if (rule === undefined) throw new Error(`no SARIF rule for the check ${id}`);
  return rule;
}
