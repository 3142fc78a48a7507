// The Kubernetes version an upgrade goes to, as a person or a request gives it: `v1.37` (the
// pod-security label spelling) or `1.37` (EKS's spelling, `aws eks update-cluster-version
// --kubernetes-version 1.37`). Only a numbered minor: `latest` is no version a cluster runs.
import { v1, type Version } from '../pss/version.ts';

export type ParsedTargetVersion = { readonly ok: true; readonly version: Version } | { readonly ok: false; readonly message: string };

const TARGET = /^v?1\.(0|[1-9][0-9]{0,5})$/;

/** `field` names where the value came from (`--to-version`, `toVersion`), for the message. */
export function parseTargetVersion(value: string, field: string): ParsedTargetVersion {
  const minor = TARGET.exec(value)?.[1];
  if (minor === undefined) return { ok: false, message: `${field}: Invalid value: ${JSON.stringify(value)}: must be a Kubernetes version v1.N or 1.N, e.g. v1.37` };
  return { ok: true, version: v1(Number(minor)) };
}
