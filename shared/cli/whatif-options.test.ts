import { describe, expect, it } from 'vitest';
import { v1 } from '../pss/version.ts';
import { parseWhatIfArguments } from './whatif-options.ts';

describe('psa-scan whatif arguments', () => {
  it('reads every option', () => {
    const parsed = parseWhatIfArguments(['--context', 'prod', '--kubeconfig', 'k.yaml', '--to-version', '1.31', '--policy', 'p.yaml', '--store', 's3://bucket/psa', '--format', 'json']);
    expect(parsed).toEqual({
      outcome: 'run',
      options: { context: 'prod', kubeconfig: 'k.yaml', upgradeTo: v1(31), policyFile: 'p.yaml', store: { kind: 's3', bucket: 'bucket', prefix: 'psa/' }, format: 'json' },
    });
  });

  it('defaults to the current context, text and no store', () => {
    expect(parseWhatIfArguments(['--to-version', 'v1.37'])).toEqual({
      outcome: 'run',
      options: { context: undefined, kubeconfig: undefined, upgradeTo: v1(37), policyFile: undefined, store: undefined, format: 'text' },
    });
  });

  it.each([
    [[], '--to-version is required: the Kubernetes version of the upgrade, e.g. --to-version v1.37'],
    [['--to-version', 'latest'], '--to-version: Invalid value: "latest": must be a Kubernetes version v1.N or 1.N, e.g. v1.37'],
    [['--to-version', 'v1.37', '--format', 'yaml'], '--format: Invalid value: "yaml": must be one of text, json'],
    [['--to-version', 'v1.37', '--store', 'gs://b/p'], '--store: gs://b/p: unsupported scheme gs://: give a folder or s3://bucket/prefix'],
    [['--to-version', 'v1.37', '--context', ''], '--context needs a value'],
    [['--to-version', 'v1.37', '--all-contexts'], "Unknown option '--all-contexts'"],
    [['--to-version', 'v1.37', 'extra'], "Unexpected argument 'extra'. This command does not take positional arguments"],
  ])('refuses %j: %s', (args, message) => {
    expect(parseWhatIfArguments(args)).toEqual({ outcome: 'usage-error', message });
  });

  it('answers --help', () => {
    expect(parseWhatIfArguments(['--to-version', 'nonsense', '-h'])).toEqual({ outcome: 'help' });
  });
});
