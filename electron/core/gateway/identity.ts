// Clawbar's device identity: an Ed25519 key pair, the id and public key in the gateway's encoding,
// and the v3 connect signature (the pipe-joined payload the gateway verifies; see `signConnect`).
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface DeviceIdentity {
  /** Lowercase hex SHA-256 of the raw 32-byte public key. */
  readonly deviceId: string;
  /** Unpadded base64url of the raw 32-byte public key. */
  readonly publicKey: string;
  /** PKCS#8 PEM of the private key: a secret, kept only in the keychain. */
  readonly privateKeyPem: string;
  readonly privateKey: KeyObject;
}

export function base64url(buf: Buffer | Uint8Array): string {
  return Buffer.from(buf).toString('base64url');
}

export function rawPublicKey(privateKey: KeyObject): Buffer {
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  if (spki.length !== SPKI_ED25519_PREFIX.length + 32 || !spki.subarray(0, 12).equals(SPKI_ED25519_PREFIX)) {
    throw new Error('not an Ed25519 key');
  }
  return spki.subarray(12);
}

export function deviceIdFromRawPublicKey(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex');
}

export function identityFromPrivateKeyPem(privateKeyPem: string): DeviceIdentity {
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error('the stored device key is not an Ed25519 key');
  const raw = rawPublicKey(privateKey);
  return { deviceId: deviceIdFromRawPublicKey(raw), publicKey: base64url(raw), privateKeyPem, privateKey };
}

export function generateIdentity(): DeviceIdentity {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return identityFromPrivateKeyPem(pem);
}

export interface SignatureInput {
  deviceId: string;
  clientId: string;
  clientMode: string;
  role: string;
  scopes: readonly string[];
  signedAtMs: number;
  /** Whichever secret is sent in `auth` (shared token, device token or password), or "" for none. */
  token: string;
  nonce: string;
  platform?: string | undefined;
  deviceFamily?: string | undefined;
}

function normalizeMeta(value: string | undefined): string {
  return (value ?? '').trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** The exact string the gateway verifies (v3 payload). */
export function signaturePayloadV3(input: SignatureInput): string {
  return [
    'v3',
    input.deviceId,
    input.clientId,
    input.clientMode,
    input.role,
    input.scopes.join(','),
    String(input.signedAtMs),
    input.token,
    input.nonce,
    normalizeMeta(input.platform),
    normalizeMeta(input.deviceFamily),
  ].join('|');
}

export function signConnect(identity: DeviceIdentity, input: SignatureInput): string {
  return base64url(sign(null, Buffer.from(signaturePayloadV3(input), 'utf8'), identity.privateKey));
}
