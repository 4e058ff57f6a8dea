/** Helpers shared by the OpenAPI tests: the documents of the platform and of the fixture, and a validator. */
import assert from 'node:assert/strict';
import { descriptorSet } from '@consorcio/shared/grpc';
import { buildOpenApi, openApiPath, type OpenApiDocument, type OpenApiOperation } from '../../../src/openapi';
import { httpBindings, type HttpBinding } from '../../../src/routes';
import { fixtureRegistry } from '../routes/fixture-registry';

/** Validates against the OpenAPI 3.1 schema with @seriousme/openapi-schema-validator (an ES module). */
export async function validate(doc: unknown): Promise<{ valid: boolean; errors?: unknown }> {
  const { Validator } = await import('@seriousme/openapi-schema-validator');
  const validator = new Validator();
  const result = await validator.validate(structuredClone(doc) as Record<string, unknown>);
  assert.equal(validator.version, '3.1');
  return result;
}

export const platformRegistry = descriptorSet().registry;
export const platformBindings = httpBindings(platformRegistry);
export const platformDoc = buildOpenApi(platformBindings, platformRegistry, {
  title: 'consórcio',
  version: '1.0.0',
  serverUrl: 'http://127.0.0.1:8080',
});
export const registry = fixtureRegistry();
export const bindings = httpBindings(registry);
export const doc = buildOpenApi(bindings, registry, { title: 'fixture', version: '0' });

export function operation(d: OpenApiDocument, b: HttpBinding): OpenApiOperation {
  const op = d.paths[openApiPath(b.template)]?.[b.httpMethod.toLowerCase() as 'get'];
  assert.ok(op, `${b.httpMethod} ${b.pathTemplate}`);
  return op;
}

export function op(d: OpenApiDocument, operationId: string): OpenApiOperation {
  for (const item of Object.values(d.paths)) {
    for (const candidate of Object.values(item)) {
      if ((candidate as OpenApiOperation).operationId === operationId) return candidate as OpenApiOperation;
    }
  }
  assert.fail(`no operation ${operationId}`);
}
