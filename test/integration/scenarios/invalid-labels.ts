// Invalid Pod Security labels (api/helpers.go ParseLevel, ParseVersion; DESIGN.md fact 6): an
// update that changes them to an invalid value is refused with 422 Invalid. The message is
// apierrors.NewInvalid's: `Namespace "NAME" is invalid: ` then the field error, or a
// bracketed, comma-separated list when there are several (in label order enforce, enforce-version,
// audit, audit-version, warn, warn-version).

import { plainPod, privileged, tweak } from './pods.ts';
import { AUDIT, ENFORCE, ENFORCE_VERSION, WARN_VERSION, type Scenario } from './scenario.ts';

export const INVALID_LABEL_SCENARIOS: readonly Scenario[] = [
  {
    namespace: 'i01-unknown-level',
    title: 'an unknown enforce level is refused',
    labels: {},
    pods: [tweak(plainPod('web'), privileged)],
    patch: { [ENFORCE]: 'strict' },
    expected: {
      invalid:
        'Namespace "i01-unknown-level" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted',
      causes: [
        'metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted',
      ],
    },
  },
  {
    namespace: 'i02-version-without-v',
    title: 'a version without the v1. prefix is refused',
    labels: { [ENFORCE]: 'baseline' },
    pods: [],
    patch: { [ENFORCE_VERSION]: '1.30' },
    expected: {
      invalid:
        'Namespace "i02-version-without-v" is invalid: metadata.labels[pod-security.kubernetes.io/enforce-version]: Invalid value: "1.30": must be "latest" or "v1.x"',
      causes: [
        'metadata.labels[pod-security.kubernetes.io/enforce-version]: Invalid value: "1.30": must be "latest" or "v1.x"',
      ],
    },
  },
  {
    namespace: 'i03-two-invalid-labels',
    title: 'several invalid labels are listed together, level names are case-sensitive',
    labels: {},
    pods: [],
    patch: { [ENFORCE]: 'Restricted', [WARN_VERSION]: 'v2.0' },
    expected: {
      invalid:
        'Namespace "i03-two-invalid-labels" is invalid: [metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "Restricted": must be one of privileged, baseline, restricted, metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: "v2.0": must be "latest" or "v1.x"]',
      causes: [
        'metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "Restricted": must be one of privileged, baseline, restricted',
        'metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: "v2.0": must be "latest" or "v1.x"',
      ],
    },
  },
  {
    namespace: 'i04-invalid-audit-only',
    title: 'an invalid audit label is refused even though audit fails open',
    labels: { [ENFORCE]: 'baseline' },
    pods: [],
    patch: { [AUDIT]: 'none' },
    expected: {
      invalid:
        'Namespace "i04-invalid-audit-only" is invalid: metadata.labels[pod-security.kubernetes.io/audit]: Invalid value: "none": must be one of privileged, baseline, restricted',
      causes: [
        'metadata.labels[pod-security.kubernetes.io/audit]: Invalid value: "none": must be one of privileged, baseline, restricted',
      ],
    },
  },
  {
    namespace: 'i05-leading-zero-version',
    title: 'a minor version with a leading zero is refused',
    labels: {},
    pods: [],
    patch: { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'v1.030' },
    expected: {
      invalid:
        'Namespace "i05-leading-zero-version" is invalid: metadata.labels[pod-security.kubernetes.io/enforce-version]: Invalid value: "v1.030": must be "latest" or "v1.x"',
      causes: [
        'metadata.labels[pod-security.kubernetes.io/enforce-version]: Invalid value: "v1.030": must be "latest" or "v1.x"',
      ],
    },
  },
];
