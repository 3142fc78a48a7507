import { describe, expect, it } from 'vitest';
import type { Finding } from '../drift/finding.ts';
import { alertFacts, type AlertFacts } from './alert-facts.ts';
import { alertText, joinLines, printableLine } from './alert-text.ts';
import { recordedAlertInput, type DriftStepName } from '../../test/support/recorded-drift.ts';

function textOf(step: DriftStepName, findings?: Finding[]): string[] {
  const input = recordedAlertInput(step);
  const facts = alertFacts(findings ?? input.findings) as AlertFacts;
  return alertText({ cluster: input.cluster, scannedAt: input.scannedAt, snapshotKey: input.snapshotKey, facts }).map((l) => l.text);
}

describe('alertText', () => {
  it('puts problems first, what to do once per kind, the snapshot, then good news', () => {
    const input = recordedAlertInput('relabel');
    expect(textOf('relabel')).toEqual([
      'Cluster: payments (account 123456789012, region eu-west-1)',
      `Scanned: ${input.scannedAt}`,
      'Findings: 2 (1 critical, 1 info)',
      '',
      'CRITICAL web: enforce restricted:latest -> privileged: nothing is enforced now',
      '',
      'What to do:',
      '- Pod Security enforcement removed: Restore the pod-security.kubernetes.io/enforce label, or allow the namespace to be privileged in the fleet policy if that was intended.',
      '',
      `Snapshot: ${input.snapshotKey}`,
      '',
      'Good news:',
      'INFO     web: clean at restricted:latest, ready to enforce it',
      '- Ready to promote: The namespace is clean at its target: set pod-security.kubernetes.io/enforce to it.',
    ]);
  });

  it('gives a kind found twice its remediation once', () => {
    const lines = textOf('fix');
    expect(lines.filter((l) => l.startsWith('INFO     ')).map((l) => l.slice(9))).toEqual([
      'legacy: clean at restricted:latest, ready to enforce it',
      'legacy: nothing violates baseline:latest any more',
      'shop: clean at restricted:latest, ready to enforce it',
    ]);
    expect(lines.filter((l) => l.startsWith('- Ready to promote:'))).toHaveLength(1);
    expect(lines).not.toContain('What to do:');
  });

  it('says when the scan was not stored', () => {
    const input = recordedAlertInput('baseline');
    const facts = alertFacts(input.findings) as AlertFacts;
    expect(alertText({ ...input, snapshotKey: null, facts }).map((l) => l.text)).toContain('Snapshot: not stored');
  });

  it('tones each finding line with its severity, for the console', () => {
    const input = recordedAlertInput('violate');
    const lines = alertText({ ...input, facts: alertFacts(input.findings) as AlertFacts });
    expect(lines.filter((l) => l.tone === 'high' || l.tone === 'medium').map((l) => l.text.split(' ')[0])).toEqual(['Findings:', 'HIGH', 'MEDIUM']);
  });

  it('keeps finding lines within the budget when the findings are in a report, and says how many are not', () => {
    const input = recordedAlertInput('fix');
    const facts = alertFacts(input.findings) as AlertFacts;
    const firstLine = 'INFO     legacy: clean at restricted:latest, ready to enforce it';
    const lines = alertText({ ...input, facts, report: { key: 's3://b/reports/r.json', lineBudgetBytes: firstLine.length + 1 } }).map((l) => l.text);
    expect(lines.filter((l) => l.startsWith('INFO     '))).toEqual([firstLine]);
    expect(lines).toContain('2 more findings are in the full report.');
    expect(lines).toContain('Full report: s3://b/reports/r.json');
  });

  it('quotes a summary holding characters a terminal or mail reader would act on', () => {
    // Hand-typed: a real apiserver's version string or a context name would have to carry these.
    const [real] = recordedAlertInput('relabel').findings as [Finding];
    const forged = { ...real, summary: 'web: ok\x1b[2K\rALL CLEAR \u202egnp.exe' };
    const line = textOf('relabel', [forged]).find((l) => l.startsWith('CRITICAL'));
    expect(line).toBe('CRITICAL "web: ok\\x1b[2K\\rALL CLEAR \\u202egnp.exe"');
    expect(printableLine('plain: text, ümlaut ok')).toBe('plain: text, ümlaut ok');
    expect(printableLine('"starts with a quote"')).toBe('"\\"starts with a quote\\""');
  });

  it('joins the lines with a final newline', () => {
    expect(joinLines([{ text: 'a', tone: 'plain' }, { text: 'b', tone: 'heading' }])).toBe('a\nb\n');
  });
});
