// Prints the one line CI reads: `tests: N passed, N failed, N skipped`, from Vitest's and
// Playwright's JSON reports plus any failed step (lint, types, build) counted as one failure each.
import fs from 'node:fs';

// Further arguments are more end-to-end reports (the PostgreSQL run): each one named must exist.
const [unitFile, e2eFile, stepFailures = '0', ...moreE2eFiles] = process.argv.slice(2);
const read = (f) => {
  try {
    return JSON.parse(fs.readFileSync(f, 'utf8'));
  } catch {
    return null;
  }
};

let passed = 0;
let failed = Number(stepFailures);
let skipped = 0;

const unit = read(unitFile);
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests + suitesThatFailedToLoad(unit);
  skipped += unit.numPendingTests + unit.numTodoTests;
} else if (fs.existsSync(unitFile ?? '')) {
  failed += 1;
}

const e2e = read(e2eFile);
countE2e(e2e);
for (const file of moreE2eFiles) {
  const report = read(file);
  if (report) countE2e(report);
  else failed += 1; // the run did not happen or wrote no report: never green
}

function countE2e(report) {
  if (!report) return;
  passed += report.stats.expected + report.stats.flaky;
  failed += report.stats.unexpected;
  skipped += report.stats.skipped;
  if (report.errors?.length) failed += report.errors.length;
}

// A test file that failed to load (syntax error, throwing import) has no failed tests of its own;
// count it once so it cannot pass unnoticed.
function suitesThatFailedToLoad(report) {
  return (report.testResults ?? []).filter(
    (s) => s.status === 'failed' && !(s.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
}

if (!unit && !e2e && failed === 0) failed = 1; // nothing ran: never report a green empty run
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
