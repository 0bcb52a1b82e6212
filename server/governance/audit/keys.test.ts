import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GovernanceError } from '../errors.ts';
import { AUDIT_KEYS_DIR, AuditKeyStore, readPublicKeyDir } from './keys.ts';
import { EMPTY_ROOT } from './merkle.ts';
import { checkSth, signSth, sthSigningInput, verificationKey } from './sth.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'podium-keys-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const keysOf = (store: AuditKeyStore, retired: Record<string, number> = {}) =>
  new Map(
    store
      .publicKeys()
      .map((k) => [k.keyId, verificationKey(k.keyId, k.publicKeyPem, retired[k.keyId] ?? null)]),
  );

describe('AuditKeyStore', () => {
  it('generates a key on first open, private half 0600, and reloads the same key', () => {
    const dataDir = tmp();
    const a = AuditKeyStore.open(dataDir);
    expect(a.current.keyId).toMatch(/^ed25519-[0-9a-f]{16}$/);
    const keyFile = join(dataDir, AUDIT_KEYS_DIR, `${a.current.keyId}.key`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, AUDIT_KEYS_DIR, 'current'), 'utf8').trim()).toBe(a.current.keyId);
    expect(AuditKeyStore.open(dataDir).current.keyId).toBe(a.current.keyId);
  });

  it('signs tree heads that verify only with the right key and unchanged fields', () => {
    const store = AuditKeyStore.open(tmp());
    const other = AuditKeyStore.open(tmp());
    const sth = signSth(store.current, 0, EMPTY_ROOT, 1_700_000_000_000);
    expect(checkSth(sth, keysOf(store))).toBe('ok');
    expect(checkSth(sth, keysOf(other))).toBe('unknown-key');
    expect(checkSth({ ...sth, treeSize: 1 }, keysOf(store))).toBe('bad-signature');
    expect(checkSth({ ...sth, timestampMs: sth.timestampMs + 1 }, keysOf(store))).toBe('bad-signature');
    expect(checkSth({ ...sth, rootHash: 'zz' }, keysOf(store))).toBe('malformed');
    expect(sthSigningInput(sth).toString()).toBe(
      `podium-audit-sth-v1\n{"keyId":"${sth.keyId}","rootHash":"${EMPTY_ROOT.toString('hex')}","timestampMs":1700000000000,"treeSize":0}`,
    );
  });

  it('rotates: new key signs, the old private key is deleted, the old public key still verifies', () => {
    const dataDir = tmp();
    const store = AuditKeyStore.open(dataDir);
    const old = store.current.keyId;
    const oldKey = store.current;
    const before = signSth(oldKey, 0, EMPTY_ROOT, 1_000);
    const { retired, current } = store.rotate();
    expect(retired).toBe(old);
    expect(current.keyId).not.toBe(old);
    expect(existsSync(join(dataDir, AUDIT_KEYS_DIR, `${old}.key`))).toBe(false);
    expect(
      readPublicKeyDir(join(dataDir, AUDIT_KEYS_DIR))
        .map((k) => k.keyId)
        .sort(),
    ).toEqual([old, current.keyId].sort());
    expect(AuditKeyStore.open(dataDir).current.keyId).toBe(current.keyId);
    const retiredAt = { [old]: 2_000 };
    expect(checkSth(before, keysOf(store, retiredAt))).toBe('ok');
    // A head signed with the retired key long after its retirement (a stolen old key) is refused.
    const late = signSth(oldKey, 0, EMPTY_ROOT, 10_000_000);
    expect(checkSth(late, keysOf(store, retiredAt))).toBe('signed-after-retirement');
  });

  it('refuses a key file that does not match `current`', () => {
    const dataDir = tmp();
    const store = AuditKeyStore.open(dataDir);
    const other = AuditKeyStore.open(tmp());
    writeFileSync(
      join(dataDir, AUDIT_KEYS_DIR, `${store.current.keyId}.key`),
      other.current.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    expect(() => AuditKeyStore.open(dataDir)).toThrow(GovernanceError);
    expect(() => verificationKey('ed25519-0000000000000000', other.currentPublicKeyPem(), null)).toThrow(
      'does not match',
    );
  });
});
