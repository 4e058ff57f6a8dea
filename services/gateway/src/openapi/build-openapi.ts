import type { Registry } from '@bufbuild/protobuf';
import type { HttpBinding } from '../routes/http-rules';
import {
  OPENAPI_METHODS,
  type JsonSchema,
  type OpenApiDocument,
  type OpenApiMethod,
  type OpenApiPathItem,
} from './openapi-types';
import { bindingOperation, openApiPath } from './operations';
import { protoComment } from './proto-comments';
import { SchemaBuilder } from './schemas';

/** Paths anyone may call without a bearer token (the gateway's own auth module describes them). */
export const PUBLIC_PATHS: readonly string[] = ['/v1/auth/login', '/v1/auth/refresh'];

/** What {@link buildOpenApi} needs besides the bindings. */
export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
  serverUrl?: string;
}

/**
 * The OpenAPI 3.1 document of every binding: one operation per route (`<Service>_<Method>`, a
 * numeric suffix for additional bindings), path and query parameters, the request and 200 response
 * schemas, a `default` error answer (`{code, message, details}`), a tag per service, and
 * `components.schemas` for every message and enum reachable, in ProtoJSON form, described by the
 * proto comments. A bearer JWT (`bearerAuth`) is required everywhere but {@link PUBLIC_PATHS}.
 * Routes whose HTTP method OpenAPI cannot express (a `custom` kind) are left out.
 */
export function buildOpenApi(bindings: readonly HttpBinding[], registry: Registry, info: OpenApiInfo): OpenApiDocument {
  const schemas = new SchemaBuilder({ 'google.rpc.Status': errorSchema() });
  const badRequest = registry.getMessage('google.rpc.BadRequest');
  if (badRequest) schemas.message(badRequest);
  const doc: OpenApiDocument = {
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      ...(info.description ? { description: info.description } : {}),
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    tags: [],
    paths: {},
    components: {
      schemas: schemas.schemas,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    security: [{ bearerAuth: [] }],
  };
  const operationIds = new Set<string>();
  const tags = new Map<string, string | undefined>();
  for (const binding of bindings) {
    const httpMethod = binding.httpMethod.toLowerCase();
    if (!isOpenApiMethod(httpMethod)) continue;
    const path = openApiPath(binding.template);
    const item: OpenApiPathItem = doc.paths[path] ?? {};
    if (item[httpMethod]) {
      throw new Error(`OpenAPI: two routes are ${httpMethod.toUpperCase()} ${path} (${binding.pathTemplate})`);
    }
    const service = binding.method.parent;
    let operationId = `${service.name}_${binding.methodName}${binding.bindingIndex > 0 ? binding.bindingIndex + 1 : ''}`;
    for (let n = 2; operationIds.has(operationId); n++) operationId = `${operationId}_${n}`;
    operationIds.add(operationId);
    const op = bindingOperation(binding, schemas, operationId);
    if (PUBLIC_PATHS.includes(path)) op.security = [];
    item[httpMethod] = op;
    doc.paths[path] = item;
    tags.set(service.name, protoComment(service));
  }
  doc.tags = [...tags].map(([name, description]) => ({ name, ...(description ? { description } : {}) }));
  return doc;
}

/** A hand-described path item (operations by lower-case method), typed loosely so `as const` objects fit. */
export type PathItemInput = { readonly [key: string]: unknown };

/**
 * A copy of `doc` with hand-described paths added (the auth module's `/v1/auth/login`, …) and,
 * optionally, the schemas they refer to. Operations under {@link PUBLIC_PATHS} without their own
 * `security` are made public. A path and method (or a schema name) already in `doc` is an error.
 */
export function mergePaths(
  doc: OpenApiDocument,
  paths: { readonly [path: string]: PathItemInput },
  schemas: { readonly [name: string]: unknown } = {},
): OpenApiDocument {
  const merged: Record<string, OpenApiPathItem> = { ...doc.paths };
  for (const [path, extra] of Object.entries(paths)) {
    if (!path.startsWith('/')) throw new Error(`OpenAPI: path "${path}" must start with '/'`);
    const item: Record<string, unknown> = { ...merged[path] };
    for (const [key, value] of Object.entries(extra)) {
      if (item[key] !== undefined) throw new Error(`OpenAPI: ${path} already has ${key}`);
      item[key] = value;
    }
    if (PUBLIC_PATHS.includes(path)) {
      for (const method of OPENAPI_METHODS) {
        const op = item[method];
        if (typeof op === 'object' && op !== null && !('security' in op)) item[method] = { ...op, security: [] };
      }
    }
    merged[path] = item;
  }
  for (const name of Object.keys(schemas)) {
    if (name in doc.components.schemas) throw new Error(`OpenAPI: schema ${name} is already defined`);
  }
  return {
    ...doc,
    paths: merged,
    components: {
      ...doc.components,
      schemas: { ...doc.components.schemas, ...(schemas as Record<string, JsonSchema>) },
    },
  };
}

function isOpenApiMethod(method: string): method is OpenApiMethod {
  return (OPENAPI_METHODS as readonly string[]).includes(method);
}

function errorSchema(): JsonSchema {
  return {
    type: 'object',
    description:
      'An error answer (a google.rpc.Status in ProtoJSON). Field violations travel as a ' +
      '`type.googleapis.com/google.rpc.BadRequest` detail.',
    properties: {
      code: { type: 'integer', format: 'int32', description: 'The gRPC status code (3 = INVALID_ARGUMENT, …).' },
      message: { type: 'string', description: 'A developer-facing message, in English.' },
      details: {
        type: 'array',
        items: {
          type: 'object',
          properties: { '@type': { type: 'string' } },
          required: ['@type'],
          additionalProperties: true,
        },
      },
    },
    required: ['code', 'message', 'details'],
  };
}
