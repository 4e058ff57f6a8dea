/** Helpers shared by the transcoding tests: route tables over the platform and the fixture. */
import assert from 'node:assert/strict';
import type { Message } from '@bufbuild/protobuf';
import { descriptorSet } from '@consorcio/shared/grpc';
import {
  buildRequestMessage,
  buildRouteTable,
  httpBindings,
  TranscodeError,
  type HttpBinding,
} from '../../../src/routes';
import { fixtureRegistry } from './fixture-registry';

export const platform = buildRouteTable(httpBindings(descriptorSet().registry));
export const fixture = buildRouteTable(httpBindings(fixtureRegistry()));

/** Routes and transcodes one request (the groups service's paths, else the fixture's); the message as a plain object. */
export function request(
  method: string,
  url: string,
  body?: unknown,
  table = url.includes('/groups') ? platform : fixture,
): { binding: HttpBinding; msg: Record<string, unknown> } {
  const [path = '', search = ''] = url.split('?');
  const found = table.match(method, path);
  assert.equal(found.kind, 'found', `${method} ${path}`);
  if (found.kind !== 'found') throw new Error('unreachable');
  const msg: Message = buildRequestMessage(found.binding, found.pathParams, new URLSearchParams(search), body);
  return { binding: found.binding, msg };
}

/** Asserts that `fn` throws a TranscodeError with exactly this message. */
export function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof TranscodeError, `a TranscodeError, got ${String(err)}`);
    assert.equal(err.message, message);
    return true;
  });
}

/** The binding of an rpc in a table. */
export function bindingOf(table: ReturnType<typeof buildRouteTable>, methodName: string, index = 0): HttpBinding {
  const b = table.bindings.find((x) => x.methodName === methodName && x.bindingIndex === index);
  assert.ok(b, methodName);
  return b;
}
