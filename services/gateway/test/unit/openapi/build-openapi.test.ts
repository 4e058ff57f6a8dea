import assert from 'node:assert/strict';
import { fromBinary, ScalarType } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { descriptorSet } from '@consorcio/shared/grpc';
import { scalarSchema, type OpenApiOperation } from '../../../src/openapi';
import { bindings, doc, op, operation, platformBindings, platformDoc, validate } from './openapi-support';

describe('buildOpenApi', () => {
  it('writes a valid OpenAPI 3.1 document for the platform and for the fixture', async () => {
    assert.equal(platformDoc.openapi, '3.1.0');
    assert.deepEqual(await validate(platformDoc), { valid: true });
    assert.deepEqual(await validate(doc), { valid: true });
  });

  it('is checked by a validator that fails an invalid document', async () => {
    const { info: _info, ...withoutInfo } = platformDoc;
    assert.equal((await validate(withoutInfo)).valid, false);
    const badParam = structuredClone(platformDoc);
    const getGroup = badParam.paths['/v1/groups/{group_id}']?.get;
    assert.ok(getGroup?.parameters?.[0]);
    (getGroup.parameters[0] as { in: string }).in = 'body';
    assert.equal((await validate(badParam)).valid, false);
  });

  it('lists every route, with the operationId <Service>_<Method>', () => {
    const operations = Object.values(platformDoc.paths).flatMap((item) => Object.values(item));
    assert.equal(operations.length, platformBindings.length);
    for (const b of platformBindings) {
      const service = b.serviceName.split('.').pop()!;
      assert.equal(operation(platformDoc, b).operationId, `${service}_${b.methodName}`);
      assert.deepEqual(operation(platformDoc, b).tags, [service]);
    }
    assert.equal(
      operation(
        doc,
        bindings.find((b) => b.bindingIndex === 1)!,
      ).operationId,
      'BookService_CreateBook2',
    );
  });

  it('writes paths in OpenAPI form, keeping custom verbs literal', () => {
    assert.ok(platformDoc.paths['/v1/groups/{group_id}:publish']?.post);
    assert.ok(platformDoc.paths['/v1/groups/{group_id}/quotas']?.get);
    assert.ok(doc.paths['/v1/{name}']?.get);
    assert.ok(doc.paths['/v1/files/{name}']?.get);
    const nameParam = doc.paths['/v1/{name}']?.get?.parameters?.[0];
    assert.match(nameParam?.description ?? '', /shelves\/\*\/books\/\*/);
  });

  it('declares path parameters as required, and query parameters for the other fields, dotted', () => {
    const list = op(platformDoc, 'GroupsService_ListGroups');
    assert.deepEqual(
      list.parameters?.map((p) => [p.name, p.in, p.required]),
      [
        ['page.pageSize', 'query', false],
        ['page.pageToken', 'query', false],
        ['status', 'query', false],
      ],
    );
    const quotas = op(platformDoc, 'GroupsService_ListQuotas');
    assert.deepEqual(
      quotas.parameters?.map((p) => [p.name, p.in, p.required]),
      [
        ['group_id', 'path', true],
        ['page.pageSize', 'query', false],
        ['page.pageToken', 'query', false],
        ['status', 'query', false],
        ['memberId', 'query', false],
      ],
    );
    assert.deepEqual(
      op(platformDoc, 'GroupsService_PublishGroup').parameters?.map((p) => p.name),
      ['group_id'],
    );
    const books = op(doc, 'BookService_ListBooks').parameters ?? [];
    assert.deepEqual(books.find((p) => p.name === 'ids')?.schema, {
      type: 'array',
      items: { type: 'string', format: 'int64', pattern: '^-?[0-9]+$' },
    });
    assert.ok(books.some((p) => p.name === 'filter.page.pageSize'));
    assert.ok(!books.some((p) => p.name.startsWith('labels') || p.name.startsWith('books')));
    assert.deepEqual(
      op(doc, 'BookService_CreateBook').parameters?.map((p) => p.name),
      ['shelf', 'requestId'],
    );
  });

  it('describes the request body: the input message, what the path leaves, or the named field', () => {
    const schemaOf = (o: OpenApiOperation) => o.requestBody?.content['application/json']?.schema;
    assert.deepEqual(schemaOf(op(platformDoc, 'GroupsService_CreateGroup')), {
      $ref: '#/components/schemas/consorcio.groups.v1.CreateGroupRequest',
    });
    const constitute = schemaOf(op(platformDoc, 'GroupsService_ConstituteGroup')) as { properties: object };
    assert.deepEqual(Object.keys(constitute.properties), ['assemblyId', 'commonFundCentavos', 'reserveFundCentavos']);
    assert.equal(op(platformDoc, 'GroupsService_GetGroup').requestBody, undefined);
    assert.equal(
      (schemaOf(op(doc, 'BookService_CreateBook')) as { $ref: string }).$ref,
      '#/components/schemas/test.gateway.v1.Book',
    );
  });

  it('describes the 200 answer (or its response_body) and a default error answer', () => {
    const get = op(platformDoc, 'GroupsService_GetGroup');
    assert.deepEqual(get.responses['200']?.content?.['application/json']?.schema, {
      $ref: '#/components/schemas/consorcio.groups.v1.GetGroupResponse',
    });
    assert.deepEqual(get.responses.default?.content?.['application/json']?.schema, {
      $ref: '#/components/schemas/google.rpc.Status',
    });
    const status = platformDoc.components.schemas['google.rpc.Status'] as { required: string[] };
    assert.deepEqual(status.required, ['code', 'message', 'details']);
    assert.deepEqual(op(doc, 'BookService_Run').responses['200']?.content?.['application/json']?.schema, {
      $ref: '#/components/schemas/test.gateway.v1.Book',
    });
  });

  it('writes ProtoJSON schemas for every reachable message and enum', () => {
    const schemas = platformDoc.components.schemas;
    for (const name of [
      'consorcio.groups.v1.Group',
      'consorcio.common.v1.PageResponse',
      'consorcio.groups.v1.GroupStatus',
    ]) {
      assert.ok(schemas[name], name);
    }
    const group = schemas['consorcio.groups.v1.Group'] as { properties: Record<string, Record<string, unknown>> };
    assert.equal(group.properties.currentCreditValueCentavos?.type, 'string');
    assert.equal(group.properties.currentCreditValueCentavos?.format, 'int64');
    assert.equal(group.properties.createdAt?.format, 'date-time');
    assert.equal(group.properties.status?.$ref, '#/components/schemas/consorcio.groups.v1.GroupStatus');
    const status = schemas['consorcio.groups.v1.GroupStatus'] as { type: string; enum: string[] };
    assert.equal(status.type, 'string');
    assert.ok(status.enum.includes('GROUP_STATUS_DRAFT'));
    const book = doc.components.schemas['test.gateway.v1.Book'] as {
      properties: Record<string, Record<string, unknown>>;
    };
    assert.deepEqual(book.properties.tags, { type: 'array', items: { type: 'string' } });
    assert.deepEqual(book.properties.sequel, { $ref: '#/components/schemas/test.gateway.v1.Book' });
    const request = op(doc, 'BookService_Import').requestBody?.content['application/json']?.schema as {
      properties: Record<string, unknown>;
    };
    assert.ok(!('shelf' in request.properties), 'bound by the path');
    assert.deepEqual(request.properties.labels, { type: 'object', additionalProperties: { type: 'string' } });
    assert.deepEqual(scalarSchema(ScalarType.BYTES), { type: 'string', format: 'byte', contentEncoding: 'base64' });
  });

  it('takes descriptions from the proto comments (the descriptor set keeps source info)', () => {
    const files = fromBinary(FileDescriptorSetSchema, descriptorSet().bytes).file;
    assert.ok(files.every((f) => (f.sourceCodeInfo?.location.length ?? 0) > 0));
    const create = op(platformDoc, 'GroupsService_CreateGroup');
    assert.equal(create.summary, 'Creates a group in DRAFT with its parameters (defaults filled in).');
    const request = platformDoc.components.schemas['consorcio.groups.v1.CreateGroupRequest'] as {
      properties: Record<string, { description?: string }>;
    };
    assert.match(request.properties.code?.description ?? '', /^Unique per administrator/);
    const groupsTag = platformDoc.tags?.find((t) => t.name === 'GroupsService');
    assert.match(groupsTag?.description ?? '', /^Groups, their quotas and members/);
    const page = op(platformDoc, 'GroupsService_ListGroups').parameters?.[0];
    assert.match(page?.description ?? '', /At most this many items/);
  });

  it('requires a bearer JWT everywhere, and names the server', () => {
    assert.deepEqual(platformDoc.security, [{ bearerAuth: [] }]);
    assert.deepEqual(platformDoc.components.securitySchemes.bearerAuth, {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    assert.deepEqual(platformDoc.servers, [{ url: 'http://127.0.0.1:8080' }]);
    assert.equal(doc.servers, undefined);
  });
});
