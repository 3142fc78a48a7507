// The fleet policy file, as one zod schema: it gives the document's TypeScript types, validates a
// decoded document (with the messages of policy-messages.ts), and is the source of the committed
// JSON Schema (fleet-policy-json-schema.ts). Values are checked by the same functions the rest of
// the scanner uses (levels, versions, PodSecurity exemptions); the JSON Schema carries the same
// rules as patterns, and fleet-policy-schema-agreement.test.ts proves the two agree.
//
// Rules that relate two fields (a contradictory rule, an entry after a catch-all) are refused here
// with `crossField` set on the issue: the JSON Schema cannot state them.
import { z } from 'zod';
import { LEVELS, parseLevel } from '../pss/level.ts';
import { parseVersion } from '../pss/version.ts';
import { parseConfigExemptions } from '../pss/admission/config-exemptions.ts';
import { matchesEveryCluster } from './cluster-match.ts';
import { matchesEveryNamespace } from './namespace-match.ts';
import { EXISTENCE_OPERATORS, SET_OPERATORS } from './label-selector.ts';
import {
  DNS1123_LABEL_MAX_LENGTH,
  DNS1123_LABEL_PATTERN,
  DNS1123_SUBDOMAIN_MAX_LENGTH,
  DNS1123_SUBDOMAIN_PATTERN,
  LABEL_KEY_PATTERN,
  LABEL_VALUE_PATTERN,
  labelKeyProblems,
  labelValueProblems,
} from './label-syntax.ts';
import { invalidType, invalidValue, requiredValue, unsupportedValue } from './policy-messages.ts';

export const FLEET_POLICY_API_VERSION = 'psa-fleet-scanner/v1';
export const FLEET_POLICY_KIND = 'FleetPolicy';

/** Set on the issues of rules between fields, which the JSON Schema cannot state. */
export const CROSS_FIELD = 'crossField';

/** A string whose value `problems` judges; `jsonSchema` says the same rule to the JSON Schema. */
function checkedString(problems: (value: string) => readonly string[], jsonSchema: Record<string, unknown>) {
  return z
    .string()
    .check((ctx) => {
      const found = problems(ctx.value);
      // `continue`: a refused value leaves the shape intact, so the checks of enclosing fields still run.
      if (found.length > 0) ctx.issues.push({ code: 'custom', input: ctx.value, message: invalidValue(ctx.value, found.join(', ')), continue: true });
    })
    .meta(jsonSchema);
}

/** A string that must match `pattern` (the rule itself, shared verbatim with the JSON Schema). */
function patternString(pattern: string, detail: string) {
  // `u`, as JSON Schema validators compile patterns (ECMA-262 with Unicode).
  const regex = new RegExp(pattern, 'u');
  return checkedString((value) => (regex.test(value) ? [] : [detail]), { pattern });
}

/** A closed set of strings; the message names the value and the choices. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T, detail?: (value: string) => string) {
  return z.enum(values, {
    error: (issue) => {
      if (issue.input === undefined) return undefined;
      if (typeof issue.input !== 'string') return invalidType('string', issue.input);
      return detail === undefined ? unsupportedValue(issue.input, values) : invalidValue(issue.input, detail(issue.input));
    },
  });
}

function literal<const T extends string>(value: T) {
  return z.literal(value, { error: (issue) => (issue.input === undefined ? undefined : unsupportedValue(issue.input, [value])) });
}

/** A non-empty list of globs: an empty list would select nothing, which no one means to write. */
function globList(item: z.ZodType<string>, what: string) {
  return z.array(item).min(1, { error: `must list at least one glob; leave the field out to match every ${what}` });
}

const GLOB_HELP = '`*` matches any run of characters (none included), `?` exactly one; the glob must match the whole value, case-sensitively.';

// Refused in parseLevel's words (the apiserver's for a bad level label); only called for a value outside LEVELS.
const level = oneOf(LEVELS, (value) => {
  const parsed = parseLevel(value);
  return parsed.ok ? '' : parsed.message;
}).meta({ description: 'A Pod Security Standards level.' });

const version = checkedString(
  (value) => {
    const parsed = parseVersion(value);
    return parsed.ok ? [] : [parsed.message];
  },
  // parseVersion's rule; it also refuses a minor that overflows Go's int64, which no pattern states.
  { pattern: '^(latest|v1\\.(0|[1-9][0-9]*))$', description: 'A Pod Security Standards version: `latest` or `v1.N`.' },
);

const clusterMatch = z
  .strictObject({
    names: globList(
      checkedString((value) => (value === '' ? ['must not be empty'] : []), { minLength: 1 }),
      'cluster name',
    )
      .optional()
      .meta({ description: `Globs over the cluster name: the EKS cluster name, or the kubeconfig context name. ${GLOB_HELP}` }),
    accounts: globList(
      patternString('^(local|[0-9]{12}|[0-9]*[*?][0-9*?]*)$', 'must be a 12-digit AWS account ID, "local" (a kubeconfig cluster), or a glob of digits with * and ?'),
      'account',
    )
      .optional()
      .meta({ description: `Globs over the AWS account ID (quote it: YAML reads 123456789012 as a number); \`local\` for a kubeconfig cluster. ${GLOB_HELP}` }),
    regions: globList(
      patternString('^[a-z0-9*?-]+$', 'must be an AWS region (e.g. eu-west-1), "local" (a kubeconfig cluster), or a glob of lower-case letters, digits and - with * and ?'),
      'region',
    )
      .optional()
      .meta({ description: `Globs over the AWS region; \`local\` for a kubeconfig cluster. ${GLOB_HELP}` }),
    tags: z
      .record(checkedString((value) => (value === '' ? ['a tag key must not be empty'] : []), { minLength: 1 }), z.string())
      .optional()
      .meta({ description: 'EKS cluster tags that must all be present with these values. A cluster from a kubeconfig has no tags.' }),
  })
  .meta({ description: 'Every selector given must match; an empty match matches every cluster.' });

const podSecurityDefaults = z
  .strictObject({
    enforce: level.optional(),
    'enforce-version': version.optional(),
    audit: level.optional(),
    'audit-version': version.optional(),
    warn: level.optional(),
    'warn-version': version.optional(),
  })
  .meta({ description: 'What each mode is when a namespace has no label for it; an unset level is privileged, an unset version latest.' });

const podSecurityExemptions = z
  .strictObject({
    usernames: z
      .array(z.string().meta({ minLength: 1 }))
      .optional()
      .meta({ uniqueItems: true, description: 'Requests by these users are not checked.' }),
    namespaces: z
      .array(z.string().meta({ pattern: DNS1123_LABEL_PATTERN, maxLength: DNS1123_LABEL_MAX_LENGTH }))
      .optional()
      .meta({ uniqueItems: true, description: 'Namespaces PodSecurity ignores entirely.' }),
    runtimeClasses: z
      .array(z.string().meta({ pattern: DNS1123_SUBDOMAIN_PATTERN, maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH }))
      .optional()
      .meta({ uniqueItems: true, description: 'Pods of these runtime classes are not checked.' }),
  })
  .check((ctx) => {
    // The plugin's own validation (DNS-1123 names, non-empty usernames, no repeats), reused. Only
    // the known fields go in: unknown ones are already reported, once.
    const { usernames, namespaces, runtimeClasses } = ctx.value;
    for (const error of parseConfigExemptions({ usernames, namespaces, runtimeClasses }).errors) {
      ctx.issues.push({ code: 'custom', input: ctx.value, ...withinExemptions(error), continue: true });
    }
  })
  .meta({ description: 'What PodSecurity does not check.' });

/** `exemptions.namespaces[1]: Duplicate value: "a"` -> path ['namespaces', 1] and the message after the path. */
function withinExemptions(error: string): { path: (string | number)[]; message: string } {
  const found = /^exemptions((?:\.[A-Za-z]+|\[\d+\])*): (.*)$/s.exec(error);
  if (found === null) return { path: [], message: error };
  const path = [...(found[1] ?? '').matchAll(/\.([A-Za-z]+)|\[(\d+)\]/g)].map(([, field, index]) => field ?? Number(index));
  return { path, message: found[2] ?? error };
}

const podSecurity = z
  .strictObject({ defaults: podSecurityDefaults.optional(), exemptions: podSecurityExemptions.optional() })
  .meta({
    description:
      "The cluster's PodSecurity admission configuration (the PodSecurityConfiguration of its AdmissionConfiguration, which EKS does not show). Unset: Kubernetes' defaults, privileged:latest for every mode and no exemptions.",
  });

const labelKey = checkedString(labelKeyProblems, { pattern: LABEL_KEY_PATTERN });
const labelValue = checkedString(labelValueProblems, { pattern: LABEL_VALUE_PATTERN });

const labelSelectorRequirement = z.discriminatedUnion(
  'operator',
  [
    z.strictObject({
      key: labelKey,
      operator: z.enum(SET_OPERATORS),
      values: z
        .array(labelValue, { error: (issue) => (issue.input === undefined ? requiredValue("must be specified when `operator` is 'In' or 'NotIn'") : undefined) })
        .min(1, { error: requiredValue("must be specified when `operator` is 'In' or 'NotIn'") }),
    }),
    z.strictObject({
      key: labelKey,
      operator: z.enum(EXISTENCE_OPERATORS),
      values: z
        .array(labelValue)
        .max(0, { error: "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'" })
        .optional(),
    }),
  ],
  {
    error: (issue) => {
      const operator = (issue.input as { operator?: unknown } | undefined)?.operator;
      if (operator !== undefined && typeof operator !== 'string') return invalidType('string', operator);
      const supported = [...SET_OPERATORS, ...EXISTENCE_OPERATORS];
      return operator === undefined ? requiredValue(`supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`) : unsupportedValue(operator, supported);
    },
  },
);

const labelSelector = z
  .strictObject({
    matchLabels: z.record(labelKey, labelValue).optional().meta({ description: 'Labels the namespace must have, with these values.' }),
    matchExpressions: z
      .array(labelSelectorRequirement)
      .optional()
      .meta({ description: 'Requirements that must all hold: In and NotIn take values, Exists and DoesNotExist none.' }),
  })
  .meta({ description: 'A Kubernetes label selector over the namespace labels; empty, it matches every namespace.' });

const namespaceMatch = z
  .strictObject({
    names: globList(
      patternString('^[a-z0-9*?-]{1,63}$', 'must be a namespace name (lower-case letters, digits and -, at most 63) or a glob of one with * and ?'),
      'namespace',
    )
      .optional()
      .meta({ description: `Globs over the namespace name. ${GLOB_HELP}` }),
    labels: labelSelector.optional(),
  })
  .meta({ description: 'Every selector given must match; an empty match matches every namespace.' });

const target = z
  .strictObject({ level, version })
  .meta({ description: 'The level the namespace should be enforced at, with the version pinned (`latest` too must be written).' });

const namespaceRule = z
  .strictObject({
    match: namespaceMatch,
    target: target.optional(),
    allowPrivileged: z.boolean().optional().meta({
      description:
        'The namespace may stay privileged (kube-system, a CNI). A privileged target implies it; it cannot go with a stricter target. Default: false, or true with a privileged target.',
    }),
  })
  .check((ctx) => {
    const { target: goal, allowPrivileged } = ctx.value;
    if (goal === undefined || allowPrivileged === undefined) return;
    if (allowPrivileged && goal.level !== 'privileged') {
      const message = `contradicts target.level ${JSON.stringify(goal.level)}: a namespace allowed to stay privileged has no stricter target (remove one of the two)`;
      ctx.issues.push({ code: 'custom', input: allowPrivileged, path: ['allowPrivileged'], message, params: { [CROSS_FIELD]: true }, continue: true });
    }
    if (!allowPrivileged && goal.level === 'privileged') {
      const message = 'contradicts target.level "privileged": a privileged target allows privileged (remove allowPrivileged, or choose a stricter level)';
      ctx.issues.push({ code: 'custom', input: allowPrivileged, path: ['allowPrivileged'], message, params: { [CROSS_FIELD]: true }, continue: true });
    }
  })
  .meta({ description: 'A namespace rule. With neither target nor allowPrivileged, it stops the search and leaves the target to the namespace labels.' });

/** An entry after one that matches everything can never apply: almost surely a mistake of order. */
function refuseUnreachable<T extends { match: M }, M>(matchesEverything: (match: M) => boolean, what: string) {
  return (ctx: z.core.ParsePayload<T[]>) => {
    const first = ctx.value.findIndex((entry) => matchesEverything(entry.match));
    for (let index = first + 1; first >= 0 && index < ctx.value.length; index += 1) {
      const message = `unreachable: the entry at index ${first} has an empty match and matches every ${what} first`;
      ctx.issues.push({ code: 'custom', input: ctx.value[index], path: [index], message, params: { [CROSS_FIELD]: true }, continue: true });
    }
  };
}

const clusterEntry = z
  .strictObject({
    match: clusterMatch,
    podSecurity: podSecurity.optional(),
    namespaces: z
      .array(namespaceRule)
      .check(refuseUnreachable(matchesEveryNamespace, 'namespace'))
      .optional()
      .meta({ description: 'Namespace rules, tried in order: the first whose match selects the namespace applies. None: the target comes from the namespace labels.' }),
  })
  .meta({ description: 'What applies to the clusters this entry matches.' });

export const fleetPolicySchema = z
  .strictObject({
    apiVersion: literal(FLEET_POLICY_API_VERSION),
    kind: literal(FLEET_POLICY_KIND),
    clusters: z
      .array(clusterEntry)
      .check(refuseUnreachable(matchesEveryCluster, 'cluster'))
      .meta({ description: "Tried in order: the first entry whose match selects a cluster applies. No entry matches: Kubernetes' PodSecurity defaults and no namespace targets." }),
  })
  .meta({
    title: 'psa-fleet-scanner FleetPolicy',
    $comment: 'Generated from shared/targets/fleet-policy-schema.ts by `npm run schemas`; do not edit.',
    description: 'What each namespace of each cluster of the fleet should reach under Pod Security Admission, and how each cluster runs PodSecurity.',
  });

// Each type from its own part of the schema (not through the root), so matchers typed by them can
// serve the schema's own checks without a circular type.
export type ClusterMatchDocument = z.infer<typeof clusterMatch>;
export type NamespaceMatchDocument = z.infer<typeof namespaceMatch>;
export type PodSecurityDocument = z.infer<typeof podSecurity>;
export type NamespaceRuleDocument = z.infer<typeof namespaceRule>;
export type ClusterEntryDocument = z.infer<typeof clusterEntry>;
export type FleetPolicyDocument = z.infer<typeof fleetPolicySchema>;
