/**
 * CRX3 (pure): the format Chrome installs from an update URL. A header
 * (protobuf CrxFileHeader) carries the RSA public key and a SHA-256 signature
 * over the signed header data (the 16-byte crx id) and the ZIP; the ZIP
 * follows. The extension id is derived from the same public key, so the key
 * decides the id a school's policies are keyed by.
 *
 *   "Cr24" | uint32le 3 | uint32le header length | CrxFileHeader | ZIP
 *   signature input: "CRX3 SignedData\0" | uint32le len(signed data) | signed data | ZIP
 */
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { extensionIdFromDigest } from '../../src/shared/extension-id';

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** A protobuf length-delimited field (wire type 2). */
function bytesField(fieldNumber: number, value: Buffer): Buffer {
  return Buffer.concat([varint(fieldNumber * 8 + 2), varint(value.length), value]);
}

const CRX_HEADER = { sha256WithRsa: 2, signedHeaderData: 10000 } as const;
const KEY_PROOF = { publicKey: 1, signature: 2 } as const;
const SIGNED_DATA = { crxId: 1 } as const;

export interface SignedCrx {
  crx: Buffer;
  extensionId: string;
  /** base64 DER SubjectPublicKeyInfo: the manifest's `key` for this signing key. */
  publicKeyBase64: string;
}

export function publicKeyOf(privateKeyPem: string): Buffer {
  return createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'der' });
}

/** Chrome's id for this public key (src/shared/extension-id.ts writes the mapping). */
export function extensionIdOf(publicKeyDer: Buffer): string {
  return extensionIdFromDigest(createHash('sha256').update(publicKeyDer).digest());
}

export function signCrx3(zip: Buffer, privateKeyPem: string): SignedCrx {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`the signing key is ${key.asymmetricKeyType}; Chrome's CRX3 here needs an RSA key`);
  const publicKey = publicKeyOf(privateKeyPem);
  const crxId = createHash('sha256').update(publicKey).digest().subarray(0, 16);
  const signedHeaderData = bytesField(SIGNED_DATA.crxId, crxId);

  const lengthPrefix = Buffer.alloc(4);
  lengthPrefix.writeUInt32LE(signedHeaderData.length);
  const signature = sign('sha256', Buffer.concat([Buffer.from('CRX3 SignedData\0', 'latin1'), lengthPrefix, signedHeaderData, zip]), key);

  const proof = Buffer.concat([bytesField(KEY_PROOF.publicKey, publicKey), bytesField(KEY_PROOF.signature, signature)]);
  const header = Buffer.concat([bytesField(CRX_HEADER.sha256WithRsa, proof), bytesField(CRX_HEADER.signedHeaderData, signedHeaderData)]);

  const preamble = Buffer.alloc(12);
  preamble.write('Cr24', 0, 'latin1');
  preamble.writeUInt32LE(3, 4);
  preamble.writeUInt32LE(header.length, 8);
  return { crx: Buffer.concat([preamble, header, zip]), extensionId: extensionIdOf(publicKey), publicKeyBase64: publicKey.toString('base64') };
}
