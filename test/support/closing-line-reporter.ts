// Prints one plain closing line, `Tests: N passed, N failed, N skipped`, after vitest's own
// summary: the form CI reads in any language (vitest's summary is coloured and not among the
// formats it knows).
//
// A test that did not run because its setup failed is failed, not skipped: when a beforeAll
// throws, vitest reports the tests under it as skipped (state `skipped`, mode `run`) and puts the
// error on the suite or module. A hook error that no failed test accounts for (an afterAll that
// throws after passing tests, a file that does not load) counts as one failure of its own.
import type { Reporter, TestCase, TestModule, TestSuite } from 'vitest/node';

export interface ClosingCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export function closingCounts(testModules: readonly TestModule[]): ClosingCounts {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const module of testModules) {
    const failedUnder = new Set<TestSuite | TestModule>();
    for (const test of module.children.allTests()) {
      const outcome = outcomeOf(test);
      counts[outcome]++;
      if (outcome === 'failed') for (const ancestor of ancestors(test)) failedUnder.add(ancestor);
    }
    for (const entity of [module, ...module.children.allSuites()]) {
      if (entity.errors().length > 0 && !failedUnder.has(entity)) counts.failed++;
    }
  }
  return counts;
}

function outcomeOf(test: TestCase): keyof ClosingCounts {
  const state = test.result().state;
  if (state === 'passed' || state === 'failed') return state;
  // Meant to run (not it.skip / it.todo), yet skipped under a suite whose setup threw.
  const meantToRun = test.options.mode === 'run' || test.options.mode === 'only';
  return meantToRun && ancestors(test).some((ancestor) => ancestor.errors().length > 0) ? 'failed' : 'skipped';
}

function ancestors(test: TestCase): (TestSuite | TestModule)[] {
  const chain: (TestSuite | TestModule)[] = [];
  for (let parent: TestSuite | TestModule = test.parent; ; parent = parent.parent) {
    chain.push(parent);
    if (parent.type === 'module') return chain;
  }
}

export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    const counts = closingCounts(testModules);
    console.log(`Tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}
