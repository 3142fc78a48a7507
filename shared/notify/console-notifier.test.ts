import { describe, expect, it } from 'vitest';
import { composeAlert } from './compose-alert.ts';
import type { AlertMessage } from './alert-message.ts';
import { consoleText, createConsoleNotifier } from './console-notifier.ts';
import { NotifyError } from './notifier.ts';
import { recordedAlertInput, type DriftStepName } from '../../test/support/recorded-drift.ts';

function messageOf(step: DriftStepName): AlertMessage {
  const result = composeAlert(recordedAlertInput(step));
  if (result === undefined) throw new Error('no alert');
  return result.message;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

describe('the console notifier', () => {
  it('prints the subject and the same text SNS sends, uncoloured when told so', async () => {
    const message = messageOf('violate');
    const written: string[] = [];
    const receipt = await createConsoleNotifier({ write: (t) => written.push(t), colour: false }).notify(message);
    expect(receipt).toEqual({ channel: 'console' });
    expect(written).toEqual([`${message.subject}\n\n${message.text}`]);
    expect(written[0]).not.toMatch(ANSI);
  });

  it('colours the subject and each finding line by severity on a terminal, and nothing else changes', () => {
    const message = messageOf('relabel');
    const coloured = consoleText(message, true);
    expect(coloured.replace(ANSI, '')).toBe(consoleText(message, false));
    const lines = coloured.split('\n');
    expect(lines[0]).toBe(`\x1b[1;31m${message.subject}\x1b[0m`);
    const critical = lines.find((l) => l.includes('CRITICAL web:')) ?? '';
    expect([critical.startsWith('\x1b[1;31mCRITICAL web: '), critical.endsWith('\x1b[0m')]).toEqual([true, true]);
    const good = lines.find((l) => l.includes('INFO     web:')) ?? '';
    expect([good.startsWith('\x1b[32mINFO     web: '), good.endsWith('\x1b[0m')]).toEqual([true, true]);
    expect(lines.find((l) => l.startsWith('- Pod Security enforcement removed'))).toBeDefined();
    expect(lines).toContain('\x1b[1mGood news:\x1b[0m');
  });

  it('fails with NotifyError when the output cannot be written', async () => {
    const broken = new Error('EPIPE: broken pipe');
    const notifier = createConsoleNotifier({
      write: () => {
        throw broken;
      },
      colour: false,
    });
    const error = await notifier.notify(messageOf('baseline')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotifyError);
    expect(error).toMatchObject({ failure: 'write', target: 'console', cause: broken });
  });
});
