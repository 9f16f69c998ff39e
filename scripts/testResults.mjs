/**
 * Test-result files: every test layer writes one JSON file and scripts/test.mjs reads them, so no runner
 * parses another's output. The fields are those of vitest's JSON reporter summary (numPassedTests,
 * numFailedTests, numPendingTests, numTotalTests, success), so one reader serves vitest and our runners.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

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

function readSummary(file) {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** { passed, failed, skipped } from a results file, or null when it is missing or unreadable. */
export function readCounts(file) {
  const summary = readSummary(file);
  if (summary === null || !Number.isInteger(summary.numPassedTests) || !Number.isInteger(summary.numFailedTests)) return null;
  return { passed: summary.numPassedTests, failed: summary.numFailedTests, skipped: summary.numPendingTests ?? 0 };
}

/**
 * The failed tests of a results file, one line each (file, title and the first line of vitest's message), so that
 * the last lines of a run name what failed even when only its tail is kept.
 */
export function readFailures(file) {
  const summary = readSummary(file);
  if (summary === null) return [];
  const ours = (summary.tests ?? []).filter((test) => test.status === 'failed').map((test) => test.name);
  const vitest = (summary.testResults ?? []).flatMap((result) =>
    (result.assertionResults ?? []).filter((test) => test.status === 'failed').map((test) => {
      const message = String(test.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300);
      return `${relative(process.cwd(), result.name)} › ${test.fullName ?? test.title}: ${message}`;
    }));
  return [...ours, ...vitest];
}
