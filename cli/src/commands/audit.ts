import { readFileSync } from 'node:fs';
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

function report(v: Verdict, json: boolean): void {
  printResult(json, v, () => (v.ok ? `OK ${v.summary}` : `FAILED ${v.problem}`));
  if (!v.ok) process.exitCode = 1;
}

/**
 * `consorcio audit verify …`: checks the transparency log offline, from public material only — the log's public key
 * (`GET /v1/audit/public-key`), signed checkpoints and proofs as the REST API answers them. Exit code 1 when
 * anything does not verify.
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
  return audit;
}
