// Label keys and values as Kubernetes validates them in a label selector
// (k8s.io/apimachinery pkg/api/validate/content/kube.go IsLabelKey, IsLabelValue; the subdomain
// rule from pkg/util/validation/validation.go IsDNS1123Subdomain). The messages are upstream's, so
// a selector refused here reads the way kubectl would refuse it.

const KEY_NAME_FORMAT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const KEY_NAME_MESSAGE = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const KEY_NAME_MAX_LENGTH = 63;
const VALUE_FORMAT = `(${KEY_NAME_FORMAT})?`;
const VALUE_MESSAGE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const VALUE_MAX_LENGTH = 63;
const DNS1123_LABEL_FORMAT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FORMAT = `${DNS1123_LABEL_FORMAT}(\\.${DNS1123_LABEL_FORMAT})*`;
const DNS1123_SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

const KEY_NAME = new RegExp(`^${KEY_NAME_FORMAT}$`);
const VALUE = new RegExp(`^${VALUE_FORMAT}$`);
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FORMAT}$`);

/** The same rules as one ECMAScript pattern each, for the JSON Schema (lengths as look-aheads). */
export const LABEL_KEY_PATTERN = `^((?=[^/]{1,${DNS1123_SUBDOMAIN_MAX_LENGTH}}/)${DNS1123_SUBDOMAIN_FORMAT}/)?(?=[^/]{1,${KEY_NAME_MAX_LENGTH}}$)${KEY_NAME_FORMAT}$`;
export const LABEL_VALUE_PATTERN = `^(?=.{0,${VALUE_MAX_LENGTH}}$)${VALUE_FORMAT}$`;

/** apimachinery's RegexError: `msg (e.g. 'a',  or 'b', regex used for validation is 'f')`, double space and all. */
function regexError(message: string, format: string, ...examples: string[]): string {
  const quoted = examples.map((example) => `'${example}', `).join(' or ');
  return `${message} (e.g. ${quoted}regex used for validation is '${format}')`;
}

function maxLengthError(length: number): string {
  return `must be no more than ${length} characters`;
}

function dns1123SubdomainProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX_LENGTH) problems.push(maxLengthError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!DNS1123_SUBDOMAIN.test(value)) problems.push(regexError(DNS1123_SUBDOMAIN_MESSAGE, DNS1123_SUBDOMAIN_FORMAT, 'example.com'));
  return problems;
}

/** What is wrong with a label key (`name` or `prefix/name`); empty when it is valid. */
export function labelKeyProblems(key: string): string[] {
  const parts = key.split('/');
  const problems: string[] = [];
  let name: string;
  if (parts.length === 1) name = key;
  else if (parts.length === 2) {
    const [prefix = '', rest = ''] = parts;
    name = rest;
    if (prefix === '') problems.push('prefix part must be non-empty');
    else problems.push(...dns1123SubdomainProblems(prefix).map((problem) => `prefix part ${problem}`));
  } else {
    return [
      `a valid label key ${regexError(KEY_NAME_MESSAGE, KEY_NAME_FORMAT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name === '') problems.push('name part must be non-empty');
  else if (name.length > KEY_NAME_MAX_LENGTH) problems.push(`name part ${maxLengthError(KEY_NAME_MAX_LENGTH)}`);
  if (!KEY_NAME.test(name)) problems.push(`name part ${regexError(KEY_NAME_MESSAGE, KEY_NAME_FORMAT, 'MyName', 'my.name', '123-abc')}`);
  return problems;
}

/** What is wrong with a label value (the empty string is a valid one); empty when it is valid. */
export function labelValueProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > VALUE_MAX_LENGTH) problems.push(maxLengthError(VALUE_MAX_LENGTH));
  if (!VALUE.test(value)) problems.push(regexError(VALUE_MESSAGE, VALUE_FORMAT, 'MyValue', 'my_value', '12345'));
  return problems;
}

/** Namespace names and runtime class names, as the PodSecurity exemptions validate them (config-exemptions.ts), for the JSON Schema. */
export const DNS1123_LABEL_PATTERN = `^${DNS1123_LABEL_FORMAT}$`;
export const DNS1123_LABEL_MAX_LENGTH = 63;
export const DNS1123_SUBDOMAIN_PATTERN = `^${DNS1123_SUBDOMAIN_FORMAT}$`;
