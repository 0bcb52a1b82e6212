import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GovernanceError } from '../errors.ts';
import { keyIdOf, type SigningKey } from './sth.ts';

/** Folder under DATA_DIR holding the audit signing keys. */
export const AUDIT_KEYS_DIR = 'audit-keys';
const CURRENT_FILE = 'current';

export interface PublicKeyFile {
  keyId: string;
  publicKeyPem: string;
}

function writeAtomic(path: string, data: string, mode: number): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data, { mode });
  renameSync(tmp, path);
}

/**
 * The audit log's Ed25519 keys in DATA_DIR/audit-keys/: `<keyId>.key` (PKCS#8 PEM, 0600) for the
 * signing key, `<keyId>.pub` (SPKI PEM) for every key ever used, `current` naming the signing key.
 * Rotation writes a new pair, points `current` at it and deletes the old private key; the old
 * public key stays so old tree heads still verify.
 */
export class AuditKeyStore {
  readonly dir: string;
  #current: SigningKey;

  private constructor(dir: string, current: SigningKey) {
    this.dir = dir;
    this.#current = current;
  }

  /** Loads the current key, generating the first one when the folder is new. */
  static open(dataDir: string): AuditKeyStore {
    const dir = join(dataDir, AUDIT_KEYS_DIR);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const currentPath = join(dir, CURRENT_FILE);
    if (!existsSync(currentPath)) {
      const key = generate(dir);
      writeAtomic(currentPath, `${key.keyId}\n`, 0o600);
      return new AuditKeyStore(dir, key);
    }
    const keyId = readFileSync(currentPath, 'utf8').trim();
    const keyPath = join(dir, `${keyId}.key`);
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(readFileSync(keyPath, 'utf8'));
    } catch (err) {
      throw new GovernanceError('audit_key_unreadable', `Cannot read the audit signing key ${keyPath}`, {
        cause: err,
      });
    }
    if (privateKey.asymmetricKeyType !== 'ed25519' || keyIdOf(createPublicKey(privateKey)) !== keyId) {
      throw new GovernanceError(
        'audit_key_unreadable',
        `${keyPath} is not the Ed25519 key named by ${currentPath}`,
      );
    }
    return new AuditKeyStore(dir, { keyId, privateKey });
  }

  get current(): SigningKey {
    return this.#current;
  }

  currentPublicKeyPem(): string {
    return publicPem(this.#current.privateKey);
  }

  /** Generates a new signing key and retires the old one (its private half is deleted). */
  rotate(): { retired: string; current: SigningKey } {
    const old = this.#current;
    const next = generate(this.dir);
    writeAtomic(join(this.dir, CURRENT_FILE), `${next.keyId}\n`, 0o600);
    this.#current = next;
    rmSync(join(this.dir, `${old.keyId}.key`), { force: true });
    return { retired: old.keyId, current: next };
  }

  /** Every public key in the folder (current and retired), for pinning by verifiers. */
  publicKeys(): PublicKeyFile[] {
    return readPublicKeyDir(this.dir);
  }
}

function publicPem(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}

function generate(dir: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = keyIdOf(publicKey);
  writeAtomic(join(dir, `${keyId}.pub`), publicKey.export({ type: 'spki', format: 'pem' }).toString(), 0o644);
  writeAtomic(
    join(dir, `${keyId}.key`),
    privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    0o600,
  );
  return { keyId, privateKey };
}

/** Public keys (`*.pub`, SPKI PEM) in a folder, with ids derived from the keys themselves. */
export function readPublicKeyDir(dir: string): PublicKeyFile[] {
  if (!existsSync(dir)) return [];
  const keys: PublicKeyFile[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.pub')) continue;
    const publicKeyPem = readFileSync(join(dir, file), 'utf8');
    const keyId = keyIdOf(createPublicKey(publicKeyPem));
    keys.push({ keyId, publicKeyPem });
  }
  return keys;
}
