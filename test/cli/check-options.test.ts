import { describe, expect, it } from 'vitest';
import { parseCheckArguments } from '../../shared/cli/check-options.ts';
import { LATEST, v1 } from '../../shared/pss/version.ts';

describe('parseCheckArguments', () => {
  it('defaults to restricted:latest and text', () => {
    expect(parseCheckArguments(['a.yaml'])).toEqual({
      outcome: 'run',
      options: {
        levelVersion: { level: 'restricted', version: LATEST },
        format: 'text',
        inputs: ['a.yaml'],
        maxDocumentBytes: 64 * 1024 * 1024,
        allowEmpty: false,
      },
    });
  });

  it('takes options before, between and after files, with a space or =', () => {
    expect(parseCheckArguments(['--level', 'baseline', 'a.yaml', '--version=v1.30', 'b.yaml', '--format', 'json'])).toEqual({
      outcome: 'run',
      options: {
        levelVersion: { level: 'baseline', version: v1(30) },
        format: 'json',
        inputs: ['a.yaml', 'b.yaml'],
        maxDocumentBytes: 64 * 1024 * 1024,
        allowEmpty: false,
      },
    });
  });

  it('lets the last of a repeated option win', () => {
    expect(parseCheckArguments(['--level', 'baseline', '--level', 'privileged', 'a.yaml'])).toMatchObject({
      options: { levelVersion: { level: 'privileged' } },
    });
  });

  it('reads - as standard input and everything after -- as files', () => {
    expect(parseCheckArguments(['-', '--', '--level', '-x.yaml'])).toMatchObject({
      options: { inputs: ['-', '--level', '-x.yaml'] },
    });
  });

  it.each([['--help'], ['-h']])('asks for help on %s, whatever else is given and in any order', (flag) => {
    expect(parseCheckArguments(['a.yaml', flag, '--bogus'])).toEqual({ outcome: 'help' });
    expect(parseCheckArguments(['a.yaml', '--bogus', flag])).toEqual({ outcome: 'help' });
    expect(parseCheckArguments(['--level', 'strict', flag])).toEqual({ outcome: 'help' });
    expect(parseCheckArguments([flag])).toEqual({ outcome: 'help' });
  });

  it('does not take --help as the value of the option before it', () => {
    expect(parseCheckArguments(['a.yaml', '--level', '--help'])).toEqual({ outcome: 'help' });
  });

  it('takes --help after -- as a file name', () => {
    expect(parseCheckArguments(['--', '--help', '-h'])).toMatchObject({ outcome: 'run', options: { inputs: ['--help', '-h'] } });
  });

  it.each([
    [['--level', 'strict', 'a.yaml'], '--level: Invalid value: "strict": must be one of privileged, baseline, restricted'],
    [['--level=', 'a.yaml'], '--level: Invalid value: "": must be one of privileged, baseline, restricted'],
    [['--version', '1.30', 'a.yaml'], '--version: Invalid value: "1.30": must be "latest" or "v1.x"'],
    [['--version', 'v1.030', 'a.yaml'], '--version: Invalid value: "v1.030": must be "latest" or "v1.x"'],
    [['--version', 'v2.0', 'a.yaml'], '--version: Invalid value: "v2.0": must be "latest" or "v1.x"'],
    [['--format', 'yaml', 'a.yaml'], '--format: Invalid value: "yaml": must be one of text, json, sarif, junit'],
    [['--output', 'json', 'a.yaml'], 'unknown option --output'],
    [['-l', 'baseline', 'a.yaml'], 'unknown option -l'],
    [['a.yaml', '--level'], '--level needs a value'],
    [['--level', '--format', 'json', 'a.yaml'], '--level needs a value'],
    [['--format', '--', 'a.yaml'], '--format needs a value'],
    [['--level=--format', 'a.yaml'], '--level: Invalid value: "--format": must be one of privileged, baseline, restricted'],
    [[], 'no FILE given (use - to read standard input)'],
    [['--level', 'baseline'], 'no FILE given (use - to read standard input)'],
    [['-', 'a.yaml', '-'], '- (standard input) can be given only once'],
  ])('refuses %j: %s', (args, message) => {
    expect(parseCheckArguments(args)).toEqual({ outcome: 'usage-error', message });
  });
});
