import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { Checkpoint, Entry } from '@consorcio/shared/gen/consorcio/audit/v1/audit';
import {
  GetConsistencyProofResponse,
  GetInclusionProofResponse,
  ListCheckpointsResponse,
  ListEntriesResponse,
} from '@consorcio/shared/gen/consorcio/audit/v1/audit_service';
import {
  readPublicKey,
  verifyConsistencyBundle,
  verifyExport,
  verifyInclusionBundle,
  type Verdict,
} from '@consorcio/audit/domain/offline-verify';
import { savedClient } from '../api/session';
import { wholeNumber } from '../failure';
import { printResult } from '../output';

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** Each page of a `GET /v1/audit/entries` export (a file may hold one page, or a JSON array of pages). */
function entriesOf(files: readonly string[]): Entry[] {
  return files.flatMap((f) => {
    const json = readJson(f);
    return (Array.isArray(json) ? json : [json]).flatMap((page) => ListEntriesResponse.fromJSON(page).entries);
  });
}

function checkpointsOf(file: string | undefined): Checkpoint[] {
  if (!file) return [];
  const json = readJson(file);
  return Array.isArray(json)
    ? json.map((c) => Checkpoint.fromJSON(c))
    : ListCheckpointsResponse.fromJSON(json).checkpoints;
}

function report(v: Verdict, json: boolean, saved?: { proof: string; key: string }): void {
  printResult(json, saved ? { ...v, saved } : v, () =>
    [
      v.ok ? `OK ${v.summary}` : `FAILED ${v.problem}`,
      ...(saved
        ? [`saved ${saved.proof} and ${saved.key}: consorcio audit verify inclusion ${saved.proof} --key ${saved.key}`]
        : []),
    ].join('\n'),
  );
  if (!v.ok) process.exitCode = 1;
}

/**
 * `consorcio audit verify …`: checks the transparency log offline, from public material only — the log's public key
 * (`GET /v1/audit/public-key`), signed checkpoints and proofs as the REST API answers them. `audit check` and
 * `audit proof` ask the platform (signed in). Exit code 1 when anything does not verify.
 */
export function auditCommand(): Command {
  const audit = new Command('audit').description('the transparency log: verify what the platform published');
  const verify = audit
    .command('verify')
    .description('verify proofs and exports offline, with no access to the platform');
  const keyOption = ['-k, --key <file>', 'the log public key: a PEM file, or a file holding the verifier key'] as const;
  const jsonOption = ['--json', 'print the result as JSON'] as const;

  verify
    .command('inclusion')
    .description('an entry is in the log: GET /v1/audit/entries/{index}/inclusion-proof saved to a file')
    .argument('<proof.json>', 'the inclusion proof, with its entry and signed checkpoint')
    .requiredOption(...keyOption)
    .option(...jsonOption)
    .action((file: string, o: { key: string; json?: boolean }) => {
      report(
        verifyInclusionBundle(
          GetInclusionProofResponse.fromJSON(readJson(file)),
          readPublicKey(readFileSync(o.key, 'utf8')),
        ),
        !!o.json,
      );
    });

  verify
    .command('consistency')
    .description('the log only grew: GET /v1/audit/consistency-proof?from_size=…&to_size=… saved to a file')
    .argument('<proof.json>', 'the consistency proof, with both signed checkpoints')
    .requiredOption(...keyOption)
    .option(...jsonOption)
    .action((file: string, o: { key: string; json?: boolean }) => {
      const proof = GetConsistencyProofResponse.fromJSON(readJson(file));
      report(verifyConsistencyBundle(proof, readPublicKey(readFileSync(o.key, 'utf8'))), !!o.json);
    });

  verify
    .command('log')
    .description('recompute a whole export of the log (GET /v1/audit/entries pages) and check its checkpoints')
    .argument('<entries.json...>', 'pages of entries from index 0, in order')
    .requiredOption('-c, --checkpoints <file>', 'GET /v1/audit/checkpoints saved to a file')
    .requiredOption(...keyOption)
    .option(...jsonOption)
    .action((files: string[], o: { key: string; checkpoints: string; json?: boolean }) => {
      const key = readPublicKey(readFileSync(o.key, 'utf8'));
      report(verifyExport(entriesOf(files), checkpointsOf(o.checkpoints), key), !!o.json);
    });

  audit
    .command('check')
    .description('have the platform recompute its log (POST /v1/audit:verify): ok, or the first bad index')
    .option('--from <n>', 'first entry to recompute (earlier nodes are taken as stored)', wholeNumber(0))
    .option('--to <m>', 'recompute up to this entry, excluded (default: the whole log)', wholeNumber(1))
    .option(...jsonOption)
    .action(async (o: { from?: number; to?: number; json?: boolean }) => {
      const r = await savedClient().post<Checked>('/v1/audit:verify', {
        fromIndex: String(o.from ?? 0),
        toIndex: String(o.to ?? 0),
      });
      printResult(!!o.json, r, () =>
        r.ok
          ? `OK ${r.entriesChecked ?? 0} entries and ${r.checkpointsChecked ?? 0} checkpoints checked, tree size ${r.treeSize ?? 0}`
          : `FAILED at index ${r.firstBadIndex ?? '?'}: ${r.problem ?? 'no reason given'}`,
      );
      if (!r.ok) process.exitCode = 1;
    });

  audit
    .command('proof')
    .description("fetch an entry's inclusion proof and the log's key, verify them at once, and save them")
    .argument('<leafIndex>', 'the entry (its leaf index)', wholeNumber(0))
    .option('-o, --out <proof.json>', 'save the proof here, and the log key beside it (<name>.vkey)')
    .option(...jsonOption)
    .addHelpText(
      'after',
      '\nAnyone can re-check a saved proof offline: consorcio audit verify inclusion proof.json --key proof.vkey\n' +
        '(the key is only as good as where it came from: compare it with the one the administradora publishes).',
    )
    .action(async (index: number, o: { out?: string; json?: boolean }) => {
      const client = savedClient();
      const proof: unknown = await client.get(`/v1/audit/entries/${index}/inclusion-proof`);
      const key = await client.get<{ verifierKey?: string; publicKeyPem?: string }>('/v1/audit/public-key');
      const keyText = key.verifierKey ?? key.publicKeyPem ?? '';
      const verdict = verifyInclusionBundle(GetInclusionProofResponse.fromJSON(proof), readPublicKey(keyText));
      let saved: { proof: string; key: string } | undefined;
      if (o.out) {
        saved = { proof: o.out, key: path.join(path.dirname(o.out), `${path.basename(o.out, '.json')}.vkey`) };
        writeFileSync(saved.proof, JSON.stringify(proof, null, 2) + '\n');
        writeFileSync(saved.key, keyText + '\n');
      }
      report(verdict, !!o.json, saved);
    });
  return audit;
}

/** The answer of POST /v1/audit:verify (ProtoJSON: int64 as strings, defaults absent). */
interface Checked {
  ok?: boolean;
  entriesChecked?: string;
  checkpointsChecked?: string;
  firstBadIndex?: string;
  problem?: string;
  treeSize?: string;
}
