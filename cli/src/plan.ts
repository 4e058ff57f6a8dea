import type { DescField, DescMessage } from '@bufbuild/protobuf';
import { ValidationError } from '@consorcio/shared/errors';
import { descriptorSet } from '@consorcio/shared/grpc';
import { resolveGroupParams, validateGroupCode } from '@consorcio/groups/domain/group-params';

/**
 * A group plan: `{ "code": "G-DEMO", "parameters": { …ProtoJSON GroupParameters… } }`, checked before anything is
 * sent so every problem comes back at once, each with its JSON path (`$.parameters.termMonths`). Two layers: the
 * shape, from the proto's own descriptor (known fields, ProtoJSON types: int64 as a string of digits, enums by
 * name), then the values, with the groups service's own pure rules (required parameters, ranges, cross-field
 * rules). The parameters are sent exactly as written: what was checked is what the platform receives.
 */
export interface Plan {
  code: string;
  parameters: Record<string, unknown>;
}

export interface PlanProblem {
  path: string;
  problem: string;
}

const PARAMETERS = 'consorcio.groups.v1.GroupParameters';
// FieldDescriptorProto.Type numbers (fixed by the protobuf specification).
const INT64_TYPES = new Set([3, 4, 6, 16, 18]);
const INT32_TYPES = new Set([5, 7, 13, 15, 17]);
const BOOL = 8;
const INT32_MAX = 2 ** 31 - 1;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const squash = (name: string): string => name.replace(/_/g, '').toLowerCase();

/** Checks a parsed plan file; `plan` is set only when there is no problem. */
export function checkPlan(json: unknown): { plan?: Plan; problems: PlanProblem[] } {
  const problems: PlanProblem[] = [];
  const fail = (path: string, problem: string): void => void problems.push({ path, problem });
  if (!isObject(json)) {
    fail('$', 'must be an object with "code" and "parameters"');
    return { problems };
  }
  for (const key of Object.keys(json))
    if (key !== 'code' && key !== 'parameters') fail(`$.${key}`, 'unknown field (a plan has "code" and "parameters")');
  if (json.code === undefined) fail('$.code', 'is required');
  else {
    try {
      validateGroupCode(json.code as string);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      fail('$.code', err.violations[0]?.rule ?? err.message);
    }
  }
  const parameters = json.parameters;
  if (parameters === undefined) fail('$.parameters', 'is required');
  else if (!isObject(parameters)) fail('$.parameters', 'must be an object (ProtoJSON GroupParameters)');
  else checkParameters(parameters, fail);
  return problems.length
    ? { problems }
    : { plan: { code: json.code as string, parameters: parameters as Plan['parameters'] }, problems };
}

function checkParameters(parameters: Record<string, unknown>, fail: (path: string, problem: string) => void): void {
  const desc = descriptorSet().registry.getMessage(PARAMETERS) as DescMessage;
  const input: Record<string, unknown> = {};
  /** The path each proto field was written at, for the value rules' violations (named `parameters.<proto_name>`). */
  const pathOf = new Map<string, string>();
  const badType = new Set<string>();
  for (const [key, value] of Object.entries(parameters)) {
    const path = `$.parameters.${key}`;
    const field = desc.fields.find((f) => f.jsonName === key || f.name === key);
    if (!field) {
      const near = desc.fields.find((f) => squash(f.name) === squash(key));
      fail(path, `unknown field${near ? ` (did you mean ${near.jsonName}?)` : ''}`);
      continue;
    }
    if (pathOf.has(field.name)) {
      fail(path, `given twice (also as ${pathOf.get(field.name)})`);
      continue;
    }
    pathOf.set(field.name, path);
    if (value === null) continue; // ProtoJSON: null is the default, as if absent
    const read = readValue(field, value);
    if ('problem' in read) {
      fail(path, read.problem);
      badType.add(field.name);
    } else input[domainKey(field)] = read.value;
  }
  try {
    resolveGroupParams(input);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    for (const v of err.violations) {
      const name = v.field.replace(/^parameters\./, '');
      if (badType.has(name)) continue; // its type problem is reported already
      const field = desc.fields.find((f) => f.name === name);
      fail(pathOf.get(name) ?? `$.parameters.${field?.jsonName ?? name}`, v.rule);
    }
  }
}

/** The domain's name of a parameter: the JSON name, except the credit value (`creditValue` in the domain). */
const domainKey = (f: DescField): string => (f.name === 'credit_value_centavos' ? 'creditValue' : f.jsonName);

/** A ProtoJSON value in the domain's form (bigint, number, boolean, enum name without prefix), or its problem. */
function readValue(field: DescField, value: unknown): { value: unknown } | { problem: string } {
  if (field.fieldKind === 'enum') {
    const names = field.enum.values.filter((v) => v.number !== 0).map((v) => v.name);
    if (typeof value !== 'string' || !names.includes(value)) return { problem: `must be one of ${names.join(', ')}` };
    return { value: value.slice((field.enum.values[0]?.name ?? '').length - 'UNSPECIFIED'.length) };
  }
  if (field.fieldKind !== 'scalar') return { problem: 'is not a parameter a plan can set' };
  if ((field.scalar as number) === BOOL)
    return typeof value === 'boolean' ? { value } : { problem: 'must be true or false' };
  const digits = typeof value === 'string' && /^-?\d+$/.test(value);
  const integer = typeof value === 'number' && Number.isSafeInteger(value);
  if (INT64_TYPES.has(field.scalar)) {
    return digits || integer
      ? { value: BigInt(value) }
      : { problem: 'must be an integer, written as a string of digits (ProtoJSON int64), e.g. "6000000"' };
  }
  if (INT32_TYPES.has(field.scalar)) {
    const n = digits ? Number(value) : integer ? value : NaN;
    return Number.isInteger(n) && Math.abs(n) <= INT32_MAX
      ? { value: n }
      : { problem: 'must be a whole number, e.g. 72' };
  }
  return { problem: 'is not a parameter a plan can set' };
}
