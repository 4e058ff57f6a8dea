import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { savedClient } from '../api/session';
import { Failure, fieldProblems, oneLine } from '../failure';
import { printResult } from '../output';
import type { PlanProblem } from '../plan';

interface Group {
  groupId: string;
  code: string;
  status: string;
  formationDeadline?: string;
}

/** `consorcio groups create`: a group from a plan file, checked locally first, optionally published at once. */
export function groupsCommand(): Command {
  const groups = new Command('groups').description('consórcio groups: create them from a plan file');
  groups
    .command('create')
    .description('create a group (DRAFT) from a plan file, and publish it (FORMING) with --publish')
    .requiredOption('--plan <plan.json>', 'the plan: { "code": "...", "parameters": { ...ProtoJSON GroupParameters } }')
    .option('--publish', 'publish the group once created: it starts FORMING and selling seats')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nThe plan is checked before anything is sent; every problem is reported with its JSON path.\n' +
        'Example plan: cli/examples/plan.json. Parameters are ProtoJSON: int64 as strings ("6000000"),\n' +
        'enums by full name ("ASSET_CATEGORY_VEHICLE"), percentages in pct units (1 = 0.0001 %).',
    )
    .action(async (o: { plan: string; publish?: boolean; json?: boolean }) => {
      const json = !!o.json;
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(o.plan, 'utf8'));
      } catch (err) {
        throw new Failure(`${o.plan}: ${err instanceof Error ? err.message : String(err)}`);
      }
      // Required here, not imported above: the proto descriptors it reads cost a third of a second of start-up that
      // every other command would pay (tsx runs the CLI as CommonJS, where a dynamic import() does not load .ts).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { checkPlan } = require('../plan') as typeof import('../plan');
      const { plan, problems } = checkPlan(parsed);
      if (!plan) refuse(o.plan, problems, json);
      const client = savedClient();
      let group: Group;
      try {
        group = (await client.post<{ group: Group }>('/v1/groups', plan)).group;
      } catch (err) {
        // The platform's own field names (parameters.term_months) as paths into the file.
        const fields = fieldProblems(err);
        if (fields.length === 0) throw err;
        refuse(
          o.plan,
          fields.map((f) => ({ path: `$.${camelPath(f.field)}`, problem: f.description })),
          json,
          'the platform refused the plan',
        );
      }
      if (o.publish) {
        const created = group;
        group = await client
          .post(`/v1/groups/${created.groupId}:publish`, {})
          .then((r) => (r as { group: Group }).group)
          .catch((err: unknown) => {
            throw new Failure(`group ${created.code} created (${created.groupId}) but not published: ${oneLine(err)}`);
          });
      }
      printResult(json, { group }, () =>
        [
          `group ${group.code} created: ${group.groupId}`,
          `status ${group.status.replace('GROUP_STATUS_', '')}` +
            (group.formationDeadline ? `, formation deadline ${group.formationDeadline}` : ''),
        ].join('\n'),
      );
    });
  return groups;
}

/** Prints every problem of the plan (stderr, or JSON on stdout) and fails with one line counting them. */
function refuse(file: string, problems: PlanProblem[], json: boolean, what = 'the plan has problems'): never {
  if (json) printResult(true, { ok: false, problems }, () => '');
  else for (const p of problems) process.stderr.write(`${file}: ${p.path}: ${p.problem}\n`);
  throw new Failure(`${file}: ${what} (${problems.length}); nothing was created`);
}

const camelPath = (field: string): string => field.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
