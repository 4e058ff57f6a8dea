// Verifies an assembly's published minutes offline: `npm run verify:assembly -- <minutes.json>` (the ProtoJSON of
// GET /v1/assemblies/{id}/minutes, or of its `minutes` field) or `-` for standard input. Recomputes the result from
// the minutes' own inputs with the same pure function the service ran and checks every bid's commitment; prints
// VALID, or each mismatch, and exits 1 when any. Needs no database, no service, no account.
import { readFileSync } from 'node:fs';
import { AssemblyMinutes } from '@consorcio/shared/gen/consorcio/draws/v1/draws';
import { verifyMinutes } from '../app/minutes';

function main(): number {
  const source = process.argv[2];
  if (!source) {
    process.stderr.write('usage: verify-minutes <minutes.json | ->\n');
    return 2;
  }
  const text = readFileSync(source === '-' ? 0 : source, 'utf8');
  const json = JSON.parse(text) as { minutes?: unknown };
  const minutes = AssemblyMinutes.fromJSON(json.minutes ?? json);
  const mismatches = verifyMinutes(minutes);
  if (mismatches.length === 0) {
    process.stdout.write(
      `VALID assembly ${minutes.assemblyId} (period ${minutes.period}): key ${minutes.drawKey}, ` +
        `${minutes.contemplations.length} contemplations, ${minutes.awards.length} refunds, ${minutes.bids.length} bids\n`,
    );
    return 0;
  }
  for (const m of mismatches)
    process.stdout.write(`MISMATCH ${m.field}: published ${m.published}, recomputed ${m.recomputed}\n`);
  return 1;
}

process.exitCode = main();
