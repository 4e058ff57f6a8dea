import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sniffContentType } from '../../src/domain/content-type';
import { checkUpload, type UploadInput } from '../../src/domain/upload-rules';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const EXE = Buffer.from('MZ\x90\x00\x03\x00\x00\x00');
const HTML = Buffer.from('<!doctype html><script>alert(1)</script>');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const upload = (over: Partial<UploadInput> = {}): UploadInput => ({
  name: 'rg-frente.pdf',
  kind: 'IDENTITY',
  declaredContentType: 'application/pdf',
  expectedSha256: '',
  bytes: PDF,
  ...over,
});

describe('upload rules', () => {
  it('accepts a PDF, a JPEG and a PNG whose bytes match their declared type, and answers the SHA-256', () => {
    assert.deepEqual(checkUpload(upload(), 1024), {
      kind: 'IDENTITY',
      contentType: 'application/pdf',
      sha256: sha(PDF),
    });
    assert.equal(checkUpload(upload({ declaredContentType: 'image/png', bytes: PNG }), 1024).contentType, 'image/png');
    assert.equal(
      checkUpload(upload({ declaredContentType: 'Image/JPEG; q=1', bytes: JPEG, kind: 'INCOME_PROOF' }), 1024)
        .contentType,
      'image/jpeg',
    );
  });

  it('refuses a file over the size limit naming the field and the limit', () => {
    assert.throws(() => checkUpload(upload(), PDF.length - 1), /body: must be at most \d+ bytes/);
    assert.doesNotThrow(() => checkUpload(upload(), PDF.length));
  });

  it('refuses a forbidden type, and a declared type the bytes contradict', () => {
    assert.throws(
      () => checkUpload(upload({ declaredContentType: 'application/x-msdownload', bytes: EXE }), 1024),
      /body.content_type: must be application\/pdf, image\/jpeg or image\/png/,
    );
    assert.throws(
      () => checkUpload(upload({ declaredContentType: 'text/html', bytes: HTML }), 1024),
      /body.content_type/,
    );
    assert.throws(() => checkUpload(upload({ bytes: EXE }), 1024), /body.data: the bytes are not application\/pdf/);
    assert.throws(() => checkUpload(upload({ bytes: PNG }), 1024), /they are image\/png/);
  });

  it('refuses a checksum that does not match the content, and a malformed one', () => {
    assert.doesNotThrow(() => checkUpload(upload({ expectedSha256: sha(PDF) }), 1024));
    assert.throws(() => checkUpload(upload({ expectedSha256: sha(PNG) }), 1024), /sha256: does not match the content/);
    assert.throws(() => checkUpload(upload({ expectedSha256: 'xyz' }), 1024), /sha256: must be a SHA-256/);
  });

  it('refuses bad names, generated kinds and empty bodies, reporting every violation', () => {
    assert.throws(() => checkUpload(upload({ name: '../etc/passwd' }), 1024), /name: must be a file name/);
    assert.throws(() => checkUpload(upload({ kind: 'ADHESION_CONTRACT' }), 1024), /kind: must be one of IDENTITY/);
    assert.throws(
      () => checkUpload(upload({ kind: '', bytes: Buffer.alloc(0) }), 1024),
      /kind: .*; body: the document is empty/,
    );
  });

  it('never takes bytes without an allowed signature for an allowed type (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const sniffed = sniffContentType(bytes);
        for (const declared of ['application/pdf', 'image/jpeg', 'image/png']) {
          let accepted = true;
          try {
            checkUpload(upload({ declaredContentType: declared, bytes }), 1024);
          } catch {
            accepted = false;
          }
          assert.equal(accepted, sniffed === declared);
        }
      }),
    );
  });
});
