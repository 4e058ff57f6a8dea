import { Command } from 'commander';
import { createRedis } from '@consorcio/shared/cache';
import { createDb } from '@consorcio/shared/db';
import { printResult } from '../output';
import { simulate, type SimulationReport } from '../simulation/simulate';
import { sharedClockTime } from '../simulation/time-control';

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required (npm run demo sets it from the local platform)`);
  return value;
};

/**
 * `consorcio simulate`: a whole group's term against the running platform (what `npm run demo` runs). Moves the
 * sandbox's shared clock, so the platform must run with CONSORCIO_CLOCK=shared, as `npm start` does.
 */
export function simulateCommand(): Command {
  return new Command('simulate')
    .description("run a group's whole term through the running platform's REST API and check the invariants")
    .option('--quotas <n>', 'records in the group', '100')
    .option('--months <n>', 'the term, in months (one assembly each)', '50')
    .option('--seed <n>', 'the same seed gives the same members, payments, bids and extractions', '1')
    .option('--url <url>', 'the gateway', process.env.CONSORCIO_URL ?? 'http://127.0.0.1:8080')
    .option(
      '--supporting <dir>',
      'also exercise notifications (with a webhook receiver), documents and reports; write the reports to <dir>',
    )
    .option('--json', 'print the report as JSON')
    .action(
      async (o: { quotas: string; months: string; seed: string; url: string; supporting?: string; json?: boolean }) => {
        const db = createDb({ url: required('DATABASE_URL'), applicationName: 'simulation' });
        const redis = createRedis(required('REDIS_URL'));
        try {
          const report = await simulate({
            url: o.url,
            admin: {
              username: process.env.GATEWAY_ADMIN_USERNAME ?? 'admin',
              password: required('GATEWAY_ADMIN_PASSWORD'),
            },
            quotas: Number(o.quotas),
            months: Number(o.months),
            seed: Number(o.seed),
            time: sharedClockTime(redis),
            db,
            say: o.json ? () => undefined : (line) => process.stdout.write(line + '\n'),
            ...(o.supporting ? { supporting: { outDir: o.supporting } } : {}),
          });
          printResult(!!o.json, report, () =>
            [
              'invariants:',
              ...report.invariants.map((i) => `  ${i.ok ? '✔' : '✗'} ${i.name}${i.ok ? '' : ` — ${i.detail}`}`),
              ...supportingLines(report.supporting),
              `members: ${Object.entries(report.profiles)
                .map(([k, v]) => `${v} ${k}`)
                .join(', ')}`,
              `took ${report.seconds} s`,
            ].join('\n'),
          );
          if (report.invariants.some((i) => !i.ok)) process.exitCode = 1;
        } finally {
          redis.disconnect();
          await db.destroy();
        }
      },
    );
}

/** What the supporting services did over the term, in a few lines. */
function supportingLines(t: SimulationReport['supporting']): string[] {
  if (!t) return [];
  const kinds = Object.entries(t.notificationsByKind)
    .map(([k, n]) => `${n} ${k.replace('NOTIFICATION_KIND_', '').toLowerCase()}`)
    .join(', ');
  return [
    `notifications to members: ${kinds}`,
    `e-mails: ${JSON.stringify(t.emailsByStatus)}; webhooks delivered and verified: ${t.webhooksSent}`,
    `reports written: ${t.reports.join(', ')}`,
  ];
}
