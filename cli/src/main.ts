// consorcio: the platform's command line (`npx consorcio --help`).
import { Command } from 'commander';
import { auditCommand } from './commands/audit';

const program = new Command('consorcio')
  .description('the consórcio platform from the command line')
  .showHelpAfterError()
  .addCommand(auditCommand());

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`consorcio: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
