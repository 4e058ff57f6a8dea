/**
 * grpc-gateway path templates (the `google.api.HttpRule` grammar):
 *
 * ```
 * Template = "/" Segments [ ":" Verb ] ;
 * Segments = Segment { "/" Segment } ;
 * Segment  = "*" | "**" | LITERAL | Variable ;
 * Variable = "{" FieldPath [ "=" Segments ] "}" ;
 * ```
 *
 * `{a.b}` is `{a.b=*}`; `*` matches one segment, `**` the rest of the path (zero or more segments, so
 * it may only come last); a verb (`:publish`) is matched literally after the last segment.
 */

/** One segment of a template, flattened (variables are ranges over these). */
export type TemplateSegment = { kind: 'literal'; value: string } | { kind: 'any' } | { kind: 'rest' };

/** A variable: the field path it sets and the flat segments `[start, end)` it captures. */
export interface TemplateVariable {
  fieldPath: string;
  start: number;
  end: number;
}

/** A parsed template. */
export interface PathTemplate {
  template: string;
  segments: TemplateSegment[];
  variables: TemplateVariable[];
  /** The custom verb without its colon, or '' when none. */
  verb: string;
}

/** A template that does not follow the grammar. */
export class PathTemplateError extends Error {
  constructor(template: string, reason: string) {
    super(`invalid path template "${template}": ${reason}`);
    this.name = 'PathTemplateError';
  }
}

const LITERAL = /^(?:[A-Za-z0-9\-._~!$&'()+,;=@]|%[0-9A-Fa-f]{2})+$/;
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Parses a template; throws a {@link PathTemplateError} naming the problem when it is malformed. */
export function parsePathTemplate(template: string): PathTemplate {
  const fail = (reason: string): never => {
    throw new PathTemplateError(template, reason);
  };
  if (!template.startsWith('/')) fail("it must start with '/'");
  let depth = 0;
  let verbAt = -1;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '{') {
      if (depth > 0) fail('variables cannot nest');
      depth++;
    } else if (c === '}') {
      if (depth === 0) fail("unbalanced '}'");
      depth--;
    } else if (c === ':' && depth === 0) {
      verbAt = i;
    }
  }
  if (depth !== 0) fail("unbalanced '{'");
  const verb = verbAt >= 0 ? template.slice(verbAt + 1) : '';
  if (verbAt >= 0 && !LITERAL.test(verb)) fail(`the verb ":${verb}" must be a non-empty literal at the very end`);
  const body = verbAt >= 0 ? template.slice(1, verbAt) : template.slice(1);

  const segments: TemplateSegment[] = [];
  const variables: TemplateVariable[] = [];
  for (const raw of splitTopLevel(body)) {
    if (raw.startsWith('{')) {
      if (!raw.endsWith('}')) fail(`segment "${raw}" mixes a variable with other text`);
      const inner = raw.slice(1, -1);
      const eq = inner.indexOf('=');
      const fieldPath = eq >= 0 ? inner.slice(0, eq) : inner;
      if (!FIELD_PATH.test(fieldPath)) fail(`"${fieldPath}" is not a field path`);
      if (variables.some((v) => v.fieldPath === fieldPath)) fail(`variable "${fieldPath}" appears twice`);
      const start = segments.length;
      const pattern = eq >= 0 ? inner.slice(eq + 1) : '*';
      for (const part of pattern.split('/')) segments.push(plainSegment(part, fail));
      variables.push({ fieldPath, start, end: segments.length });
    } else {
      if (raw.includes('}')) fail(`segment "${raw}" mixes a variable with other text`);
      segments.push(plainSegment(raw, fail));
    }
  }
  const restAt = segments.findIndex((s) => s.kind === 'rest');
  if (restAt >= 0 && restAt !== segments.length - 1) fail("'**' must be the last segment");
  return { template, segments, variables, verb };
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of body) {
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (c === '/' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function plainSegment(raw: string, fail: (reason: string) => never): TemplateSegment {
  if (raw === '') return fail('empty segment');
  if (raw === '*') return { kind: 'any' };
  if (raw === '**') return { kind: 'rest' };
  if (!LITERAL.test(raw)) return fail(`"${raw}" is not a valid literal segment`);
  return { kind: 'literal', value: safeDecode(raw) ?? raw };
}

/** The path variables a match captured: field path → URL-decoded value. */
export type PathParams = Record<string, string>;

/** Matches a concrete URL path (no query string) against a compiled template. */
export type PathMatcher = (path: string) => PathParams | null;

/**
 * Compiles a template to a matcher. Single-segment captures are fully URL-decoded; captures over
 * several segments (`**`, `shelves/*`) keep their slashes, and an encoded slash inside one of their
 * segments stays `%2F` so it cannot be confused with a separator. A malformed escape never matches.
 */
export function compilePathTemplate(template: PathTemplate | string): PathMatcher {
  const t = typeof template === 'string' ? parsePathTemplate(template) : template;
  const hasRest = t.segments.at(-1)?.kind === 'rest';
  return (path) => {
    if (!path.startsWith('/')) return null;
    let rest = path.slice(1);
    if (t.verb) {
      const suffix = `:${t.verb}`;
      if (!rest.endsWith(suffix)) return null;
      rest = rest.slice(0, -suffix.length);
    }
    const parts = rest.split('/');
    if (hasRest ? parts.length < t.segments.length - 1 : parts.length !== t.segments.length) return null;
    const decoded: string[] = [];
    for (const [i, part] of parts.entries()) {
      const value = safeDecode(part);
      if (value === undefined) return null;
      const seg = t.segments[Math.min(i, t.segments.length - 1)];
      if (seg?.kind === 'literal' && seg.value !== value) return null;
      if (seg?.kind === 'any' && value === '') return null;
      decoded.push(value);
    }
    const params: PathParams = {};
    for (const v of t.variables) {
      const end = hasRest && v.end === t.segments.length ? parts.length : v.end;
      params[v.fieldPath] =
        end - v.start === 1 && t.segments[v.start]?.kind !== 'rest'
          ? (decoded[v.start] ?? '')
          : parts
              .slice(v.start, end)
              .map((p) => safeDecode(p.replace(/%2F/gi, '%252F')) ?? p)
              .join('/');
    }
    return params;
  };
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
