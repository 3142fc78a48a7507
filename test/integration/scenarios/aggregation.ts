// Aggregation (admission.go EvaluatePodsInNamespace / decoratePodWarnings): one line per distinct
// reason set, named after the alphabetically first pod with that set, "(and 1 other pod)" /
// "(and N other pods)" for the rest; lines sorted as whole strings, so "web-2: ..." sorts before
// "web: ..." ('-' < ':').

import { hostNetwork, hostPort, ownedBy, plainPod, privileged, tweak } from './pods.ts';
import { ENFORCE, type Scenario } from './scenario.ts';

const FRONTEND_RS = ownedBy('frontend-7d9f8b6c5', '0b0f4b8e-1c1a-4d5e-9f00-000000000001');
const INGRESS_RS = ownedBy('ingress-5f6b', '0b0f4b8e-1c1a-4d5e-9f00-000000000002');
const API_RS = ownedBy('api-6c7d', '0b0f4b8e-1c1a-4d5e-9f00-000000000003');
const METRICS_RS = ownedBy('metrics-84f2', '0b0f4b8e-1c1a-4d5e-9f00-000000000004');

export const AGGREGATION_SCENARIOS: readonly Scenario[] = [
  {
    namespace: 'a01-two-pods-same-reasons',
    title: 'two pods with the same reasons share a line "(and 1 other pod)" named after the first pod',
    labels: {},
    pods: [tweak(plainPod('b-web'), privileged), tweak(plainPod('a-web'), privileged)],
    patch: { [ENFORCE]: 'baseline' },
    expected: {
      warnings: [
        'existing pods in namespace "a01-two-pods-same-reasons" violate the new PodSecurity enforce level "baseline:latest"',
        'a-web (and 1 other pod): privileged',
      ],
    },
  },
  {
    namespace: 'a02-five-pods-same-reasons',
    title: 'five pods with the same reasons share a line "(and 4 other pods)"',
    labels: {},
    pods: ['web-3', 'web-5', 'web-1', 'web-4', 'web-2'].map((name) => tweak(plainPod(name), privileged)),
    patch: { [ENFORCE]: 'baseline' },
    expected: {
      warnings: [
        'existing pods in namespace "a02-five-pods-same-reasons" violate the new PodSecurity enforce level "baseline:latest"',
        'web-1 (and 4 other pods): privileged',
      ],
    },
  },
  {
    namespace: 'a03-different-reason-sets',
    title: 'pods with different reason sets get one line each, sorted as whole lines',
    labels: {},
    pods: [
      tweak(plainPod('web'), privileged, hostPort),
      tweak(plainPod('web-2'), hostNetwork),
      tweak(plainPod('cache'), privileged),
      tweak(plainPod('api'), privileged),
      plainPod('clean'),
    ],
    patch: { [ENFORCE]: 'baseline' },
    expected: {
      warnings: [
        'existing pods in namespace "a03-different-reason-sets" violate the new PodSecurity enforce level "baseline:latest"',
        'api (and 1 other pod): privileged',
        'web-2: host namespaces',
        'web: hostPort, privileged',
      ],
    },
  },
  {
    namespace: 'a04-replicaset-pods',
    title: 'replicas of one controller are counted like any other pods',
    labels: {},
    pods: [
      tweak(plainPod('frontend-7d9f8b6c5-x2k4p'), privileged, FRONTEND_RS),
      tweak(plainPod('frontend-7d9f8b6c5-9qzlm'), privileged, FRONTEND_RS),
      tweak(plainPod('frontend-7d9f8b6c5-hv7rt'), privileged, FRONTEND_RS),
      tweak(plainPod('debug'), privileged),
    ],
    patch: { [ENFORCE]: 'baseline' },
    expected: {
      warnings: [
        'existing pods in namespace "a04-replicaset-pods" violate the new PodSecurity enforce level "baseline:latest"',
        'debug (and 3 other pods): privileged',
      ],
    },
  },
  {
    namespace: 'a05-three-replicasets',
    title: 'pods of several controllers: a line per reason set, clean controllers absent',
    labels: {},
    pods: [
      tweak(plainPod('ingress-5f6b-qq8cd'), hostNetwork, INGRESS_RS),
      tweak(plainPod('ingress-5f6b-7bx2n'), hostNetwork, INGRESS_RS),
      tweak(plainPod('ingress-5f6b-lm4vw'), hostNetwork, INGRESS_RS),
      tweak(plainPod('api-6c7d-r5t6y'), API_RS),
      tweak(plainPod('api-6c7d-u7i8o'), API_RS),
      tweak(plainPod('metrics-84f2-z1x2c'), privileged, METRICS_RS),
      tweak(plainPod('metrics-84f2-a9s8d'), privileged, METRICS_RS),
    ],
    patch: { [ENFORCE]: 'baseline' },
    expected: {
      warnings: [
        'existing pods in namespace "a05-three-replicasets" violate the new PodSecurity enforce level "baseline:latest"',
        'ingress-5f6b-7bx2n (and 2 other pods): host namespaces',
        'metrics-84f2-a9s8d (and 1 other pod): privileged',
      ],
    },
  },
  {
    namespace: 'a06-many-pods-restricted',
    title: 'twelve pods in three reason sets at restricted',
    labels: {},
    pods: [
      ...['job-01', 'job-02', 'job-03', 'job-04'].map((name) => plainPod(name)),
      ...['priv-01', 'priv-02', 'priv-03', 'priv-04'].map((name) => tweak(plainPod(name), privileged)),
      ...['edge-01', 'edge-02', 'edge-03', 'edge-04'].map((name) => tweak(plainPod(name), hostNetwork)),
    ],
    patch: { [ENFORCE]: 'restricted' },
    expected: {
      warnings: [
        'existing pods in namespace "a06-many-pods-restricted" violate the new PodSecurity enforce level "restricted:latest"',
        'edge-01 (and 3 other pods): host namespaces, allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
        'job-01 (and 3 other pods): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
        'priv-01 (and 3 other pods): privileged, allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
      ],
    },
  },
];
