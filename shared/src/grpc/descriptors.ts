import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fromBinary } from '@bufbuild/protobuf';
import { createFileRegistry, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';

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
