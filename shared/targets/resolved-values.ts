// What the values of a validated policy entry stand for: its podSecurity block read as the
// cluster's PodSecurityConfiguration (by the plugin's own parser, so unset fields become
// privileged / latest exactly as on a real apiserver), and a namespace rule's target.
import { parsePodSecurityConfiguration, type AdmissionConfig } from '../pss/admission/admission-config.ts';
import { POD_SECURITY_CONFIGURATION_API_VERSION, POD_SECURITY_CONFIGURATION_KIND } from '../pss/admission/pod-security-configuration.ts';
import type { LevelVersion } from '../pss/level-version.ts';
import { parseVersion } from '../pss/version.ts';
import type { NamespaceRuleDocument, PodSecurityDocument } from './fleet-policy-schema.ts';

// Both are only for documents fleetPolicySchema accepted: a value it would refuse is a bug here.

/** The entry stands in for the cluster's PodSecurityConfiguration, so it is read by the same parser. */
export function admissionConfig(podSecurity: PodSecurityDocument, source: string): AdmissionConfig {
  const parsed = parsePodSecurityConfiguration({ apiVersion: POD_SECURITY_CONFIGURATION_API_VERSION, kind: POD_SECURITY_CONFIGURATION_KIND, ...podSecurity });
  if (!parsed.ok) throw new Error(`internal error: ${source}.podSecurity passed validation but not parsePodSecurityConfiguration: ${parsed.errors.join('; ')}`);
  return parsed.config;
}

/** The target a rule names; a privileged target implies allowPrivileged (the schema refuses `allowPrivileged: false` with it). */
export function resolvedTarget(rule: NamespaceRuleDocument, source: string): { target: LevelVersion | undefined; allowPrivileged: boolean } {
  if (rule.target === undefined) return { target: undefined, allowPrivileged: rule.allowPrivileged ?? false };
  const version = parseVersion(rule.target.version);
  if (!version.ok) throw new Error(`internal error: ${source}.target.version passed validation but not parseVersion: ${version.message}`);
  const target: LevelVersion = Object.freeze({ level: rule.target.level, version: version.version });
  return { target, allowPrivileged: rule.allowPrivileged ?? target.level === 'privileged' };
}
