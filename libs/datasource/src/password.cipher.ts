import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { datasourceConfig } from './config/datasource.config';
import { DatasourceErrorCode, DatasourceException } from './datasource.errors';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What is stored for a password: base64 of iv | tag | data, and the id of the key that sealed it. */
export interface SealedPassword {
  ciphertext: string;
  keyId: string;
}

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

  encrypt(plaintext: string): SealedPassword {
    // A fresh IV per encryption: GCM loses confidentiality and integrity if a (key, IV) pair ever repeats.
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.active.key, iv, { authTagLength: TAG_BYTES });
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64'), keyId: this.active.id };
  }

  decrypt(sealed: SealedPassword): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) {
      throw new DatasourceException(
        DatasourceErrorCode.PasswordUnreadable,
        `Datasource password was encrypted with key "${sealed.keyId}", which DATASOURCE_ENCRYPTION_KEYS does not list`,
      );
    }
    const packed = Buffer.from(sealed.ciphertext, 'base64');
    if (packed.length < IV_BYTES + TAG_BYTES) throw this.unauthentic(sealed.keyId);
    const decipher = createDecipheriv(ALGORITHM, key, packed.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(packed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw this.unauthentic(sealed.keyId);
    }
  }

  private unauthentic(keyId: string): DatasourceException {
    return new DatasourceException(
      DatasourceErrorCode.PasswordUnreadable,
      `Datasource password failed authentication under key "${keyId}": the ciphertext was altered or the key material changed`,
    );
  }
}
