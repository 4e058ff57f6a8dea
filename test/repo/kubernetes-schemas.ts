// Offline checks of rendered Kubernetes manifests with kubernetes-models (the API's OpenAPI schemas compiled to
// validators): types, required fields and enums. Those schemas accept unknown fields, so `unknownFields` adds
// what `kubectl --validate=strict` would say about them, reading each model's field names from its .d.ts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

const MODELS = path.dirname(require.resolve('kubernetes-models/package.json'));

/** The module of a kind: `apps/v1` + `Deployment` → kubernetes-models/apps/v1/Deployment. */
function modelPath(o: KubeObject): string {
  return path.join(MODELS, ...o.apiVersion.split('/'), o.kind);
}

/** Whether kubernetes-models knows this kind (custom resources like ServiceMonitor it does not). */
export function isKnownKind(o: KubeObject): boolean {
  return existsSync(`${modelPath(o)}.js`);
}

/** Validates one object against its Kubernetes schema; throws with the validator's errors. */
export function validateObject(o: KubeObject): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modelPath(o)) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = mod[o.kind];
  if (!Model) throw new Error(`kubernetes-models has no ${o.kind} in ${o.apiVersion}`);
  new Model(o).validate();
}

// ---- unknown fields ---------------------------------------------------------------------------------------

type FieldType = { kind: 'leaf' } | { kind: 'object'; file: string } | { kind: 'array' | 'map'; of: FieldType };
const interfaces = new Map<string, Map<string, FieldType>>();

/** The fields of the first interface a model's .d.ts declares, with where each field's type is declared. */
function fieldsOf(dts: string): Map<string, FieldType> {
  let fields = interfaces.get(dts);
  if (fields) return fields;
  fields = new Map();
  interfaces.set(dts, fields);
  const text = readFileSync(dts, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const imports = new Map<string, string>();
  for (const [, name, from] of text.matchAll(/import \{ (\w+) \} from "([^"]+)";/g)) {
    const base = from!.startsWith('.')
      ? path.resolve(path.dirname(dts), from!)
      : path.join(
          path.dirname(require.resolve(`${from!.split('/').slice(0, 2).join('/')}/package.json`)),
          ...from!.split('/').slice(2),
        );
    imports.set(name!, `${base}.d.ts`);
  }
  const start = text.indexOf('{', text.search(/export interface \w+/));
  let depth = 0;
  let end = start;
  for (; end < text.length; end++) {
    if (text[end] === '{') depth++;
    if (text[end] === '}' && --depth === 0) break;
  }
  const body = text.slice(start + 1, end).replace(/\s+/g, ' ');
  // Top-level `"name"?: type;` entries (types may nest braces and angle brackets).
  let i = 0;
  while (i < body.length) {
    const m = /"([^"]+)"\??: /y;
    m.lastIndex = body.indexOf('"', i);
    if (m.lastIndex < 0) break;
    const found = m.exec(body);
    if (!found) break;
    let j = m.lastIndex;
    let d = 0;
    for (; j < body.length; j++) {
      const c = body[j];
      if (c === '{' || c === '<') d++;
      if (c === '}' || c === '>') d--;
      if (c === ';' && d === 0) break;
    }
    fields.set(found[1]!, typeOf(body.slice(m.lastIndex, j).trim(), imports));
    i = j + 1;
  }
  return fields;
}

function typeOf(t: string, imports: Map<string, string>): FieldType {
  const array = /^Array<(.+)>$/.exec(t);
  if (array) return { kind: 'array', of: typeOf(array[1]!, imports) };
  const map = /^\{ \[key: string\]: (.+?);? \}$/.exec(t);
  if (map) return { kind: 'map', of: typeOf(map[1]!, imports) };
  const file = imports.get(t);
  return file && existsSync(file) && /export interface/.test(readFileSync(file, 'utf8'))
    ? { kind: 'object', file }
    : { kind: 'leaf' };
}

/** Paths of fields the object's schema does not have, e.g. `spec.template.spec.containers[0].imagePullPolicyy`. */
export function unknownFields(o: KubeObject): string[] {
  const out: string[] = [];
  const walk = (value: unknown, type: FieldType, at: string): void => {
    if (value === null || value === undefined) return;
    if (type.kind === 'array' && Array.isArray(value)) value.forEach((v, i) => walk(v, type.of, `${at}[${i}]`));
    if (type.kind === 'map' && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, type.of, `${at}.${k}`);
    if (type.kind === 'object' && typeof value === 'object' && !Array.isArray(value)) {
      const fields = fieldsOf(type.file);
      if (fields.size === 0) return; // a type with no fields listed (free-form): nothing to compare
      for (const [k, v] of Object.entries(value)) {
        const f = fields.get(k);
        if (!f) out.push(at ? `${at}.${k}` : k);
        else walk(v, f, at ? `${at}.${k}` : k);
      }
    }
  };
  walk(o, { kind: 'object', file: `${modelPath(o)}.d.ts` }, '');
  return out;
}
