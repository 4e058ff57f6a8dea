'use strict';
// Mocha's spec output, closed by the one line CI reads: "mocha: N passed, N failed, N skipped".
// When COUNTS_FILE is set the counts are also written there, so scripts/test.sh can add up its suites.
const fs = require('node:fs');
const Mocha = require('mocha');
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      if (process.env.COUNTS_FILE) fs.writeFileSync(process.env.COUNTS_FILE, `${passes} ${failures} ${pending}\n`);
      console.log(`mocha: ${passes} passed, ${failures} failed, ${pending} skipped`);
    });
  }
}
module.exports = SummaryReporter;
