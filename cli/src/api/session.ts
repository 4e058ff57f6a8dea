import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { RestClient, type Tokens } from './rest-client';

/** Where `consorcio login` keeps the session: $CONSORCIO_CONFIG_DIR, else ~/.config/consorcio (mode 600). */
export function sessionFile(env = process.env): string {
  return path.join(env.CONSORCIO_CONFIG_DIR ?? path.join(homedir(), '.config', 'consorcio'), 'session.json');
}

interface SavedSession {
  url: string;
  username: string;
  tokens: Tokens;
}

export function saveSession(s: SavedSession, file = sessionFile()): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(s, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** The signed-in client of the saved session; its renewed tokens are saved back. */
export function savedClient(file = sessionFile()): RestClient {
  if (!existsSync(file)) throw new Error('not signed in: run `consorcio login` first');
  const s = JSON.parse(readFileSync(file, 'utf8')) as SavedSession;
  return new RestClient(s.url, s.tokens, (tokens) => saveSession({ ...s, tokens }, file));
}
