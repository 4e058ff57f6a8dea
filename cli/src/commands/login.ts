import { Command } from 'commander';
import { RestClient } from '../api/rest-client';
import { saveSession, sessionFile } from '../api/session';
import { Failure, UsageError } from '../failure';
import { printResult } from '../output';

/**
 * `consorcio login`: signs in and saves the session (mode 600). The password never goes on the command line, where
 * `ps` and the shell history would show it: it comes from stdin, from CONSORCIO_PASSWORD, or from a hidden prompt.
 */
export function loginCommand(): Command {
  return new Command('login')
    .description('sign in to the platform and save the session for the other commands')
    .requiredOption('--url <url>', 'the gateway, e.g. https://api.consorcio.example')
    .requiredOption('-u, --username <name>', 'your user name')
    .option('--password-stdin', 'read the password from standard input (e.g. from a secrets manager)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nThe password comes from --password-stdin, else the environment variable CONSORCIO_PASSWORD, else a hidden\n' +
        'prompt when standard input is a terminal. The session is saved in $CONSORCIO_CONFIG_DIR/session.json\n' +
        '(default ~/.config/consorcio), readable by you only.',
    )
    .action(async (o: { url: string; username: string; passwordStdin?: boolean; json?: boolean }) => {
      const url = o.url.replace(/\/+$/, '');
      if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--url must be an http(s) address, not ${o.url}`);
      const password = await readPassword(!!o.passwordStdin);
      const client = await RestClient.login(url, o.username, password);
      const file = sessionFile();
      saveSession({ url, username: o.username, tokens: client.session! }, file);
      printResult(
        !!o.json,
        { url, username: o.username, sessionFile: file },
        () => `signed in to ${url} as ${o.username}`,
      );
    });
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
    if (!text) throw new UsageError('--password-stdin: standard input was empty');
    return text;
  }
  const env = process.env.CONSORCIO_PASSWORD;
  if (env) return env;
  if (!process.stdin.isTTY)
    throw new UsageError('no password: use --password-stdin, set CONSORCIO_PASSWORD, or run in a terminal');
  return hiddenPrompt('Password: ');
}

/** Reads a line from the terminal without echoing it. */
function hiddenPrompt(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (err?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (data: string): void => {
      for (const c of data) {
        if (c === '\r' || c === '\n') return finish();
        if (c === '\u0003') return finish(new Failure('cancelled')); // Ctrl-C
        if (c === '\u007f' || c === '\b') typed = [...typed].slice(0, -1).join('');
        else if (c >= ' ') typed += c;
      }
    };
    stdin.on('data', onData);
  });
}
