import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { savedClient } from '../api/session';
import { Failure } from '../failure';
import { LocalRecords } from '../local-records';
import { importRows, type ImportRun } from '../members/import-rows';
import { checkMemberCsv, COLUMNS, type RowProblem } from '../members/rows';
import { printResult } from '../output';
import { progressBar } from '../progress';

/**
 * `consorcio members import`: registers the members of a CSV file and sells each row a seat of a group.
 * Exit code: 0 when every good row is in the group (imported now or before), even if some rows were refused by the
 * local checks (they are listed; fix and run the same file again); 1 when a good row could not be imported or the
 * run stopped; with --strict, 1 as well when any row was refused.
 */
export function membersCommand(): Command {
  const members = new Command('members').description('members of the administradora and their seats');
  members
    .command('import')
    .description('register the members of a CSV file and enroll a seat for each row in a group')
    .requiredOption('--group <id>', 'the group (its id) that sells the seats')
    .requiredOption('--csv <members.csv>', `the file: a header row "${COLUMNS.join(',')}", then one row per seat`)
    .option('--strict', 'exit 1 when any row was refused, even if every good row was imported')
    .option('--json', 'print the summary as JSON (progress goes to stderr)')
    .addHelpText(
      'after',
      `
Columns (any order, RFC 4180 quoting): kind PERSON or COMPANY; document a CPF (person) or CNPJ (company), with
or without punctuation, check digits verified; name; email and phone may be empty; channel PREMISES, ONLINE or
PHONE (where the contract was signed: ONLINE and PHONE have a 7-day cooling-off period); insurance yes or no.

Every row is checked before anything is sent; bad rows are listed by line and field and skipped. Running the same
file again imports each row once: a member appearing on several rows gets one seat per row.
Example file: cli/examples/members.csv.`,
    )
    .action(async (o: { group: string; csv: string; strict?: boolean; json?: boolean }) => {
      const json = !!o.json;
      let text: string;
      try {
        text = readFileSync(o.csv, 'utf8');
      } catch (err) {
        throw new Failure(`${o.csv}: ${err instanceof Error ? err.message : String(err)}`);
      }
      const checked = checkMemberCsv(text);
      if (checked.fileProblem) throw new Failure(`${o.csv}: ${checked.fileProblem}`);
      if (!json)
        for (const p of checked.problems) process.stderr.write(`${o.csv}:${p.line}: ${p.field}: ${p.problem}\n`);

      const client = savedClient();
      // A wrong group id would register every member before failing every seat: check it first.
      await client.get(`/v1/groups/${encodeURIComponent(o.group)}`);
      const out = json ? process.stderr : process.stdout;
      const run = await importRows({
        client,
        groupId: o.group,
        rows: checked.rows,
        records: new LocalRecords(client.baseUrl),
        progress: progressBar({ total: checked.rows.length, out, tty: !!out.isTTY }),
      });
      const summary = summarize(run, checked.refused, checked.problems);
      printResult(json, summary, () => humanSummary(o.csv, summary, run));
      const failed = summary.failed.length > 0 || summary.notAttempted.length > 0;
      if (failed || (o.strict && summary.refused.length > 0))
        throw new Failure(
          run.stopped
            ? `the import stopped: ${run.stopped} (run the same file again to resume)`
            : failed
              ? `${summary.failed.length} good row(s) not imported: lines ${summary.failed.map((f) => f.line).join(', ')}`
              : `${summary.refused.length} row(s) refused (--strict): lines ${summary.refused.join(', ')}`,
        );
    });
  return members;
}

interface Summary {
  imported: number;
  alreadyThere: number;
  /** Lines refused by the checks, with every problem. */
  refused: number[];
  problems: RowProblem[];
  /** Good rows the platform did not take, with why. */
  failed: { line: number; reason: string }[];
  notAttempted: number[];
  seats: { line: number; quotaId: string; display: string; imported: boolean }[];
}

function summarize(run: ImportRun, refused: number[], problems: RowProblem[]): Summary {
  const r = run.results;
  return {
    imported: r.filter((x) => x.outcome === 'imported').length,
    alreadyThere: r.filter((x) => x.outcome === 'already').length,
    refused,
    problems,
    failed: r.filter((x) => x.outcome === 'failed').map((x) => ({ line: x.line, reason: x.reason ?? '' })),
    notAttempted: run.notAttempted,
    seats: r
      .filter((x) => x.quotaId)
      .map((x) => ({
        line: x.line,
        quotaId: x.quotaId!,
        display: x.display ?? '',
        imported: x.outcome === 'imported',
      })),
  };
}

function humanSummary(file: string, s: Summary, run: ImportRun): string {
  const lines = [
    `imported: ${s.imported}`,
    `already there: ${s.alreadyThere}`,
    `refused: ${s.refused.length}${s.refused.length ? ` (lines ${s.refused.join(', ')})` : ''}`,
  ];
  if (s.failed.length) {
    lines.push(`not imported: ${s.failed.length}`);
    for (const f of s.failed) lines.push(`  ${file}:${f.line}: ${f.reason}`);
  }
  if (run.stopped) lines.push(`stopped: ${run.stopped}; not attempted: lines ${s.notAttempted.join(', ')}`);
  return lines.join('\n');
}
