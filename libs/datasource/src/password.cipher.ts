import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { datasourceConfig } from './config/datasource.config';
import { DatasourceErrorCode, DatasourceException } from './datasource.errors';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** v2 ciphertexts are bound to their row; v1 (no prefix, base64 only) were not and are read for the upgrade only. */
const CURRENT_PREFIX = 'v2:';
const VERSION_PREFIX = /^([a-z][a-z0-9]*):/;

/** What is stored for a password: `v2:` + base64 of iv | tag | data, and the id of the key that sealed it. */
export interface SealedPassword {
  ciphertext: string;
  keyId: string;
}

/** The row a password belongs to; sealed into the ciphertext as AES-GCM additional data. */
export interface PasswordContext {
  tenantId: string;
  spaceId: string;
  datasourceId: string;
}

// JSON of a fixed-order array: unambiguous whatever the ids contain, and named so no other use of the key collides.
const associatedData = (context: PasswordContext): Buffer =>
  Buffer.from(JSON.stringify(['switchyard.datasource-password', context.tenantId, context.spaceId, context.datasourceId]), 'utf8');

/** The crypto adapter for datasource passwords: AES-256-GCM under a key ring whose first key is active. */
@Injectable()
export class PasswordCipher implements OnModuleInit {
  private readonly logger = new Logger(PasswordCipher.name);
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly active: { id: string; key: Buffer };

  constructor(@Inject(datasourceConfig.factory.KEY) config: Pick<ConfigType<typeof datasourceConfig.factory>, 'encryptionKeys'>) {
    const [active] = config.encryptionKeys;
    // The config validation refuses an empty ring; this only guards construction outside Nest.
    if (!active) throw new Error('DATASOURCE_ENCRYPTION_KEYS has no key');
    this.keys = new Map(config.encryptionKeys.map((key) => [key.id, Buffer.from(key.material, 'base64')]));
    this.active = { id: active.id, key: Buffer.from(active.material, 'base64') };
  }

  onModuleInit(): void {
    this.logger.log(
      `Datasource passwords are encrypted with key "${this.active.id}"; ${this.keys.size - 1} older key(s) kept for decryption`,
    );
  }

  encrypt(plaintext: string, context: PasswordContext): SealedPassword {
    // A fresh IV per encryption: GCM loses confidentiality and integrity if a (key, IV) pair ever repeats.
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.active.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(context));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { ciphertext: CURRENT_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64'), keyId: this.active.id };
  }

  /** The password, if the ciphertext was sealed for this very row (v2) or is a v1 ciphertext from before binding. */
  decrypt(sealed: SealedPassword, context: PasswordContext): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) {
      throw new DatasourceException(
        DatasourceErrorCode.PasswordUnreadable,
        `Datasource password was encrypted with key "${sealed.keyId}", which DATASOURCE_ENCRYPTION_KEYS does not list`,
      );
    }
    const version = VERSION_PREFIX.exec(sealed.ciphertext)?.[1] ?? 'v1';
    if (version !== 'v1' && version !== 'v2') {
      throw new DatasourceException(
        DatasourceErrorCode.PasswordUnreadable,
        `Datasource password has format "${version}", which this version cannot read`,
      );
    }
    const packed = Buffer.from(version === 'v2' ? sealed.ciphertext.slice(CURRENT_PREFIX.length) : sealed.ciphertext, 'base64');
    if (packed.length < IV_BYTES + TAG_BYTES) throw this.unauthentic(sealed.keyId);
    const decipher = createDecipheriv(ALGORITHM, key, packed.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    if (version === 'v2') decipher.setAAD(associatedData(context));
    decipher.setAuthTag(packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(packed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw this.unauthentic(sealed.keyId);
    }
  }

  /** Whether the ciphertext predates row binding and should be sealed again. */
  isUnbound(sealed: SealedPassword): boolean {
    return sealed.keyId !== '' && !sealed.ciphertext.startsWith(CURRENT_PREFIX);
  }

  private unauthentic(keyId: string): DatasourceException {
    return new DatasourceException(
      DatasourceErrorCode.PasswordUnreadable,
      `Datasource password failed authentication under key "${keyId}": the ciphertext was altered, ` +
        'belongs to another datasource, or the key material changed',
    );
  }
}
