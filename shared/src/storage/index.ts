/** The object store documents live in: its interface, the local-disk and S3 implementations, and the choice by config. */
export { CorruptObjectError, type ObjectStore, type StoredObject } from './object-store';
export { LocalDiskStore } from './local-disk-store';
export { S3Store, type S3StoreOptions } from './s3-store';
export { objectStoreConfig, objectStoreFromConfig, type ObjectStoreConfig } from './object-store-config';
export { isSha256Hex, requireSha256, sha256Hex } from './sha256';
