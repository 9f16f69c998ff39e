/**
 * Test-result files: every test layer writes one JSON file and scripts/test.mjs reads them, so no runner
 * parses another's output. The fields are those of vitest's JSON reporter summary (numPassedTests,
 * numFailedTests, numPendingTests, numTotalTests, success), so one reader serves vitest and our runners.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** tests: [{ name, status: 'passed' | 'failed' | 'skipped' }] */
export function writeResults(file, tests) {
  const count = (status) => tests.filter((test) => test.status === status).length;
  const summary = {
    numPassedTests: count('passed'),
    numFailedTests: count('failed'),
    numPendingTests: count('skipped'),
    numTotalTests: tests.length,
    success: count('failed') === 0 && count('passed') > 0,
    tests,
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

/** { passed, failed, skipped } from a results file, or null when it is missing or unreadable. */
export function readCounts(file) {
  if (!existsSync(file)) return null;
  try {
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    if (!Number.isInteger(summary.numPassedTests) || !Number.isInteger(summary.numFailedTests)) return null;
    return { passed: summary.numPassedTests, failed: summary.numFailedTests, skipped: summary.numPendingTests ?? 0 };
  } catch {
    return null;
  }
}
