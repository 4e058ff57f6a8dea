import { getExtension, hasExtension, type DescMethod, type Registry } from '@bufbuild/protobuf';
import { resolveFieldPath } from './field-path';
import { parsePathTemplate, type PathTemplate } from './path-template';

/** The HTTP method of a rule: one of the standard five, or the `kind` of a `custom` pattern. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | (string & {});

/** One REST route of one rpc, read from its `google.api.http` rule (or one of its additional bindings). */
export interface HttpBinding {
  /** Full service name: `consorcio.groups.v1.GroupsService`. */
  serviceName: string;
  /** The rpc's name: `CreateGroup`. */
  methodName: string;
  method: DescMethod;
  httpMethod: HttpMethod;
  pathTemplate: string;
  /** The parsed {@link pathTemplate}. */
  template: PathTemplate;
  /** '' (no body), '*' (every field not bound by the path) or a top-level field name of the input. */
  body: string;
  /** '' (the whole response) or a top-level field name of the output. */
  responseBody: string;
  /** 0 for the rule itself, 1.. for its `additional_bindings`, in order. */
  bindingIndex: number;
  /** The registry the rpc came from, for ProtoJSON of `Any` and extensions. */
  registry: Registry;
}

/** A `google.api.http` rule the gateway cannot serve, naming the rpc and the problem. */
export class HttpRuleError extends Error {
  constructor(method: DescMethod, reason: string) {
    super(`${method.parent.typeName}.${method.name}: google.api.http ${reason}`);
    this.name = 'HttpRuleError';
  }
}

/** The reflective shape of a `google.api.HttpRule` message (read without generated code). */
interface HttpRuleShape {
  $typeName: string;
  pattern:
    | { case: 'get' | 'put' | 'post' | 'delete' | 'patch'; value: string }
    | { case: 'custom'; value: { kind: string; path: string } }
    | { case: undefined; value?: undefined };
  body: string;
  responseBody: string;
  additionalBindings: HttpRuleShape[];
}

function isHttpRule(value: unknown): value is HttpRuleShape {
  return (
    typeof value === 'object' && value !== null && '$typeName' in value && value.$typeName === 'google.api.HttpRule'
  );
}

/**
 * Every REST binding of every rpc in the registry that has a `google.api.http` rule, additional
 * bindings included (one level, as the rule allows); services without rules (health, reflection)
 * give none. Each binding is checked against its messages — variables and `body` name existing
 * fields, streaming rpcs are refused — so a bad contract fails at start-up, not on a request.
 */
export function httpBindings(registry: Registry): HttpBinding[] {
  const ext = registry.getExtension('google.api.http');
  if (!ext) return [];
  const bindings: HttpBinding[] = [];
  for (const desc of registry) {
    if (desc.kind !== 'service') continue;
    for (const method of desc.methods) {
      const options = method.proto.options;
      if (!options || !hasExtension(options, ext)) continue;
      const rule: unknown = getExtension(options, ext);
      if (!isHttpRule(rule)) throw new HttpRuleError(method, 'option is not a google.api.HttpRule');
      if (method.methodKind !== 'unary') {
        throw new HttpRuleError(method, `is set on a ${method.methodKind} rpc; the gateway forwards unary rpcs only`);
      }
      bindings.push(toBinding(registry, method, rule, 0));
      for (const [i, extra] of rule.additionalBindings.entries()) {
        if (extra.additionalBindings.length > 0) {
          throw new HttpRuleError(method, 'additional_bindings cannot have additional_bindings');
        }
        bindings.push(toBinding(registry, method, extra, i + 1));
      }
    }
  }
  return bindings;
}

function toBinding(registry: Registry, method: DescMethod, rule: HttpRuleShape, bindingIndex: number): HttpBinding {
  const { pattern } = rule;
  if (pattern.case === undefined) throw new HttpRuleError(method, 'rule has no pattern (get, post, …)');
  const [httpMethod, pathTemplate] =
    pattern.case === 'custom' ? [pattern.value.kind, pattern.value.path] : [pattern.case.toUpperCase(), pattern.value];
  if (!httpMethod) throw new HttpRuleError(method, 'custom pattern has no kind');
  let template: PathTemplate;
  try {
    template = parsePathTemplate(pathTemplate);
  } catch (err) {
    throw new HttpRuleError(method, (err as Error).message);
  }
  for (const v of template.variables) {
    const found = resolveFieldPath(method.input, v.fieldPath);
    if (found.kind !== 'found') {
      throw new HttpRuleError(method, `path variable "${v.fieldPath}" is not a field of ${method.input.typeName}`);
    }
    const last = found.fields.at(-1);
    if (last?.fieldKind !== 'scalar' && last?.fieldKind !== 'enum') {
      throw new HttpRuleError(method, `path variable "${v.fieldPath}" must be a singular scalar or enum field`);
    }
  }
  const body = rule.body;
  if (body !== '' && body !== '*' && !method.input.fields.some((f) => f.name === body)) {
    throw new HttpRuleError(method, `body "${body}" is not a field of ${method.input.typeName}`);
  }
  if (body !== '' && httpMethod === 'GET') throw new HttpRuleError(method, 'GET cannot have a body');
  const responseBody = rule.responseBody;
  if (responseBody !== '' && !method.output.fields.some((f) => f.name === responseBody)) {
    throw new HttpRuleError(method, `response_body "${responseBody}" is not a field of ${method.output.typeName}`);
  }
  return {
    serviceName: method.parent.typeName,
    methodName: method.name,
    method,
    httpMethod,
    pathTemplate,
    template,
    body,
    responseBody,
    bindingIndex,
    registry,
  };
}

/** The message type grpc-gateway passes a request body through untouched, as bytes and content type. */
export const HTTP_BODY_TYPE = 'google.api.HttpBody';

/**
 * True when the binding's body is one `google.api.HttpBody` field: the gateway then forwards the raw request body
 * (any content type) instead of reading JSON — what a signed webhook needs, since its signature covers the bytes.
 */
export function takesRawBody(binding: HttpBinding): boolean {
  if (binding.body === '' || binding.body === '*') return false;
  const field = binding.method.input.fields.find((f) => f.name === binding.body);
  return field?.fieldKind === 'message' && field.message.typeName === HTTP_BODY_TYPE;
}

/**
 * True when the answer is a `google.api.HttpBody` (the whole response message, or the field `response_body` names):
 * the gateway then writes its bytes with its content type as the HTTP response — a download (a PDF, a CSV) rather
 * than JSON, as grpc-gateway does.
 */
export function givesRawBody(binding: HttpBinding): boolean {
  const output = binding.method.output;
  if (binding.responseBody === '') return output.typeName === HTTP_BODY_TYPE;
  const field = output.fields.find((f) => f.name === binding.responseBody);
  return field?.fieldKind === 'message' && field.message.typeName === HTTP_BODY_TYPE;
}
