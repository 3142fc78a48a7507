// The `exemptions` block of a PodSecurityConfiguration, validated as upstream does
// (admission/api/validation/validation.go): namespaces are DNS-1123 labels, runtime classes DNS-1123
// subdomains, usernames non-empty; none repeated. Messages follow k8s.io/apimachinery validation.
import type { PodSecurityExemptions } from './pod-security-configuration.ts';
import { checkKnownFields, fieldPath, invalidType, invalidValue } from './config-fields.ts';
import { isJsonObject } from '../../manifest/json-value.ts';

const PATH = 'exemptions';
const LABEL_FORMAT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN_FORMAT = `${LABEL_FORMAT}(\\.${LABEL_FORMAT})*`;
const LABEL = new RegExp(`^${LABEL_FORMAT}$`);
const SUBDOMAIN = new RegExp(`^${SUBDOMAIN_FORMAT}$`);

function dns1123LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push('must be no more than 63 characters');
  if (!LABEL.test(value)) {
    errors.push(
      SUBDOMAIN.test(value)
        ? 'must not contain dots'
        : `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${LABEL_FORMAT}')`,
    );
  }
  return errors;
}

function dns1123SubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 253) errors.push('must be no more than 253 characters');
  if (!SUBDOMAIN.test(value)) {
    errors.push(
      `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${SUBDOMAIN_FORMAT}')`,
    );
  }
  return errors;
}

function usernameErrors(value: string): string[] {
  return value === '' ? ['username must not be empty'] : [];
}

function stringList(block: Record<string, unknown>, field: string, errors: string[]): string[] {
  const raw = block[field];
  if (raw === undefined || raw === null) return [];
  const path = fieldPath(PATH, field);
  if (!Array.isArray(raw)) {
    errors.push(invalidType(path, 'list of strings', raw));
    return [];
  }
  const items: string[] = [];
  raw.forEach((item: unknown, i) => {
    if (typeof item === 'string') items.push(item);
    else errors.push(invalidType(`${path}[${i}]`, 'string', item));
  });
  return items;
}

function validateList(field: string, items: readonly string[], problems: (value: string) => string[]): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const path = `${fieldPath(PATH, field)}[${i}]`;
    const found = problems(item);
    if (found.length > 0) errors.push(invalidValue(path, item, found.join(', ')));
    else if (seen.has(item)) errors.push(`${path}: Duplicate value: ${JSON.stringify(item)}`);
    else seen.add(item);
  });
  return errors;
}

export function parseConfigExemptions(value: unknown): { exemptions?: PodSecurityExemptions; errors: string[] } {
  if (value === undefined || value === null) value = {};
  if (!isJsonObject(value)) return { errors: [invalidType(PATH, 'object', value)] };
  const errors = checkKnownFields(value, PATH, ['usernames', 'namespaces', 'runtimeClasses']);
  const usernames = stringList(value, 'usernames', errors);
  const namespaces = stringList(value, 'namespaces', errors);
  const runtimeClasses = stringList(value, 'runtimeClasses', errors);
  // Upstream order: namespaces, runtime classes, usernames.
  errors.push(
    ...validateList('namespaces', namespaces, dns1123LabelErrors),
    ...validateList('runtimeClasses', runtimeClasses, dns1123SubdomainErrors),
    ...validateList('usernames', usernames, usernameErrors),
  );
  return errors.length > 0 ? { errors } : { exemptions: { usernames, namespaces, runtimeClasses }, errors };
}
