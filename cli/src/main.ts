// consorcio: the platform's command line (`npx consorcio --help`).
import { Command, CommanderError } from 'commander';
import { assemblyCommand } from './commands/assembly';
import { auditCommand } from './commands/audit';
import { billingCommand } from './commands/billing';
import { dashboardCommand } from './commands/dashboard';
import { groupsCommand } from './commands/groups';
import { loginCommand } from './commands/login';
import { membersCommand } from './commands/members';
import { simulateCommand } from './commands/simulate';
import { exitCodeOf, oneLine } from './failure';

const program = new Command('consorcio')
  .description('the consórcio platform from the command line: operators, auditors and members')
  .addCommand(loginCommand())
  .addCommand(groupsCommand())
  .addCommand(membersCommand())
  .addCommand(billingCommand())
  .addCommand(assemblyCommand())
  .addCommand(dashboardCommand())
  .addCommand(auditCommand())
  .addCommand(simulateCommand())
  .addHelpText(
    'after',
    '\nStart with `consorcio login`; the other commands use the saved session. Every command takes --json.\n' +
      'Exit codes: 0 done, 1 failed (one line on stderr says why), 2 the command line is wrong.',
  );

/**
 * Commander exits by itself on usage errors; overridden on every command (addCommand does not pass settings down)
 * so that they exit 2, like any usage error, and everything else 1.
 */
function everywhere(c: Command): void {
  c.exitOverride().showHelpAfterError('(add --help for usage)');
  c.commands.forEach(everywhere);
}
everywhere(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  const code = exitCodeOf(err);
  // Commander printed its own message (and help) already.
  if (!(err instanceof CommanderError) && code !== 0) process.stderr.write(`consorcio: ${oneLine(err)}\n`);
  process.exitCode = code;
});
