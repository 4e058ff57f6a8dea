import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fromBinary } from '@bufbuild/protobuf';
import { createFileRegistry, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, MethodOptions_IdempotencyLevel } from '@bufbuild/protobuf/wkt';

/** The descriptor set `npm run gen` writes with `buf build` (every proto of the platform). */
export const DESCRIPTOR_SET_PATH = path.join(__dirname, '..', 'gen', 'descriptors.binpb');

let cached: { bytes: Buffer; registry: FileRegistry } | undefined;

/** The descriptor set bytes and a registry over them, read once per process. */
export function descriptorSet(): { bytes: Buffer; registry: FileRegistry } {
  if (!cached) {
    const bytes = readFileSync(DESCRIPTOR_SET_PATH);
    cached = { bytes, registry: createFileRegistry(fromBinary(FileDescriptorSetSchema, bytes)) };
  }
  return cached;
}

/**
 * Methods of a service that are safe to retry, as their protos say with `option idempotency_level`
 * (IDEMPOTENT or NO_SIDE_EFFECTS). Keyed by method name ("GetGroup").
 */
export function idempotentMethods(fullServiceName: string): Set<string> {
  const service = descriptorSet().registry.getService(fullServiceName);
  if (!service) throw new Error(`service ${fullServiceName} is not in the descriptor set; run npm run gen`);
  return new Set(
    service.methods
      .filter(
        (m) =>
          m.idempotency === MethodOptions_IdempotencyLevel.IDEMPOTENT ||
          m.idempotency === MethodOptions_IdempotencyLevel.NO_SIDE_EFFECTS,
      )
      .map((m) => m.name),
  );
}
