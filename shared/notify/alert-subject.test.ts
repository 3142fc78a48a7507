import { describe, expect, it } from 'vitest';
import { alertFacts, type AlertFacts } from './alert-facts.ts';
import { alertSubject, asciiSubjectText, SNS_SUBJECT_MAX } from './alert-subject.ts';
import { DRIFT_STEP_NAMES, recordedAlertInput, recordedFindings } from '../../test/support/recorded-drift.ts';

function facts(step: (typeof DRIFT_STEP_NAMES)[number]): AlertFacts {
  const result = alertFacts(recordedFindings(step));
  if (result === undefined) throw new Error(`no findings for ${step}`);
  return result;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

describe('alertSubject', () => {
  it('names the highest severity, the cluster, the count and the worst kind', () => {
    const subjects = DRIFT_STEP_NAMES.filter((s) => s !== 'unchanged').map((s) => alertSubject(recordedAlertInput(s).cluster, facts(s)));
    expect(subjects).toEqual([
      '[INFO] psa 123456789012/eu-west-1/payments: 1 finding (baseline)',
      '[CRITICAL] psa 123456789012/eu-west-1/payments: 2 findings (enforcement removed, +1 kinds)',
      '[HIGH] psa 123456789012/eu-west-1/payments: 2 findings (violations in place, +1 kinds)',
      '[INFO] psa 123456789012/eu-west-1/payments: 3 findings (ready to promote, +1 kinds)',
    ]);
  });

  it('uses the context name alone for a cluster from a kubeconfig', () => {
    expect(alertSubject({ account: 'local', region: 'local', name: 'kind-dev' }, facts('relabel'))).toBe('[CRITICAL] psa kind-dev: 2 findings (enforcement removed, +1 kinds)');
  });

  it('keeps a subject of exactly 100 characters and shortens the cluster in the middle past it', () => {
    const head = '[CRITICAL] psa '.length;
    const tail = ': 2 findings (enforcement removed, +1 kinds)'.length;
    const fits = 'c'.repeat(SNS_SUBJECT_MAX - head - tail);
    expect(alertSubject({ account: 'local', region: 'local', name: fits }, facts('relabel'))).toHaveLength(SNS_SUBJECT_MAX);
    expect(alertSubject({ account: 'local', region: 'local', name: fits }, facts('relabel'))).toContain(fits);

    const long = `prod-${'x'.repeat(300)}-payments`;
    const subject = alertSubject({ account: 'local', region: 'local', name: long }, facts('relabel'));
    expect(subject).toHaveLength(SNS_SUBJECT_MAX);
    expect(subject).toMatch(/^\[CRITICAL\] psa prod-x+\.\.\.x+-payments: 2 findings \(enforcement removed, \+1 kinds\)$/);
  });

  it('writes only printable ASCII, whatever the context name holds', () => {
    // A kubeconfig context name can hold anything; SNS refuses a subject with non-ASCII or control characters.
    const name = 'prod\u00e9\n\x1b[2K\u202eevil\t\u{1f600}';
    const subject = alertSubject({ account: 'local', region: 'local', name }, facts('violate'));
    expect(subject).toMatch(PRINTABLE_ASCII);
    expect(subject).toBe('[HIGH] psa prod? ?[2K?evil ?: 2 findings (violations in place, +1 kinds)');
  });

  it('never starts with a space or ends up empty where the cluster goes', () => {
    expect(asciiSubjectText('  a\r\nb  ')).toBe(' a b ');
    expect(alertSubject({ account: 'local', region: 'local', name: '   ' }, facts('baseline'))).toBe('[INFO] psa ?: 1 finding (baseline)');
  });
});
