import { createPrivateKey, createPublicKey } from 'node:crypto';
import { ValidationError } from '@consorcio/shared/errors';
import type { SigningKey } from './deps';

/** The checkpoint signing key from its PEM: Ed25519 only, named `consorcio/<installation>`. */
export function signingKeyFromPem(pem: string, installation: string): SigningKey {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(installation)) {
    throw new ValidationError('AUDIT_INSTALLATION', 'lower-case letters, digits, ".", "_" and "-"');
  }
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new ValidationError('AUDIT_SIGNING_KEY', `must be an Ed25519 key, not ${privateKey.asymmetricKeyType}`);
  }
  return { name: `consorcio/${installation}`, privateKey, publicKey: createPublicKey(privateKey) };
}
