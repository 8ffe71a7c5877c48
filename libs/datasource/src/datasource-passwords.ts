import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DatasourceRepository, StoredPassword, UnboundPasswordRow } from './datasource.repository';
import { PasswordCipher, PasswordContext } from './password.cipher';

const NO_PASSWORD: StoredPassword = { passwordCiphertext: '', passwordKeyId: '' };
const SWEEP_BATCH = 200;

/** A row as far as its password is concerned. */
export type PasswordRow = Pick<UnboundPasswordRow, 'id' | 'tenantId' | 'spaceId'> & StoredPassword;

const contextOf = (row: Pick<PasswordRow, 'id' | 'tenantId' | 'spaceId'>): PasswordContext => ({
  tenantId: row.tenantId,
  spaceId: row.spaceId,
  datasourceId: row.id,
});

const sealedOf = (row: StoredPassword) => ({ ciphertext: row.passwordCiphertext, keyId: row.passwordKeyId });

/**
 * Stored datasource passwords: sealed to their row, and moved off the unbound v1 format at start-up, on
 * the next read and on the next write, whichever comes first.
 */
@Injectable()
export class DatasourcePasswords implements OnApplicationBootstrap {
  private readonly logger = new Logger(DatasourcePasswords.name);

  constructor(
    private readonly datasources: DatasourceRepository,
    private readonly cipher: PasswordCipher,
  ) {}

  /** Upgrades the rows the previous version left; a node that starts during a rolling upgrade catches up later ones on use. */
  async onApplicationBootstrap(): Promise<void> {
    const { sealed, skipped } = await this.sealUnboundRows();
    if (sealed + skipped > 0) this.logger.log({ sealed, skipped }, 'Datasource passwords sealed to their rows (format v2)');
  }

  /** Always the active key: a changed password moves its row onto the newest key as a side effect of rotation. */
  seal(row: Pick<PasswordRow, 'id' | 'tenantId' | 'spaceId'>, password: string | null): StoredPassword {
    if (password === null) return NO_PASSWORD;
    const sealed = this.cipher.encrypt(password, contextOf(row));
    return { passwordCiphertext: sealed.ciphertext, passwordKeyId: sealed.keyId };
  }

  /** The clear password, null when none is stored; a v2 ciphertext copied from another row fails here. */
  async reveal(row: PasswordRow): Promise<string | null> {
    if (row.passwordKeyId === '') return null;
    const password = this.cipher.decrypt(sealedOf(row), contextOf(row));
    if (this.cipher.isUnbound(sealedOf(row))) await this.datasources.replacePassword(row.id, row, this.seal(row, password));
    return password;
  }

  /** After a write that kept the stored password: seals it to the row if it is still unbound. */
  async upgrade(row: PasswordRow): Promise<void> {
    if (!this.cipher.isUnbound(sealedOf(row))) return;
    await this.sealOne(row);
  }

  /** Seals every unbound password to its row; rows whose key is gone or whose ciphertext is broken are left and counted. */
  async sealUnboundRows(): Promise<{ sealed: number; skipped: number }> {
    let sealed = 0;
    let skipped = 0;
    let afterId = '';
    for (;;) {
      const rows = await this.datasources.listUnboundPasswords(afterId, SWEEP_BATCH);
      for (const row of rows) {
        if (await this.sealOne(row)) sealed += 1;
        else skipped += 1;
      }
      if (rows.length < SWEEP_BATCH) return { sealed, skipped };
      afterId = rows[rows.length - 1]!.id;
    }
  }

  // Best effort: an unreadable row stays as it is and fails only when its password is actually needed.
  private async sealOne(row: PasswordRow): Promise<boolean> {
    let password: string;
    try {
      password = this.cipher.decrypt(sealedOf(row), contextOf(row));
    } catch (error) {
      this.logger.warn({ datasourceId: row.id, error: (error as Error).message }, 'Datasource password left unbound: it cannot be read');
      return false;
    }
    return this.datasources.replacePassword(row.id, row, this.seal(row, password));
  }
}
