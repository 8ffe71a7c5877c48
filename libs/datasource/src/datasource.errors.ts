import { AppException } from '@switchyard/errors';

export enum DatasourceErrorCode {
  NotFound = 'DATASOURCE_NOT_FOUND',
  NameTaken = 'DATASOURCE_NAME_TAKEN',
  PasswordUnreadable = 'DATASOURCE_PASSWORD_UNREADABLE',
}

const STATUS: Record<DatasourceErrorCode, number> = {
  [DatasourceErrorCode.NotFound]: 404,
  [DatasourceErrorCode.NameTaken]: 409,
  // A stored password that cannot be decrypted is an operator problem (a removed key), not the caller's.
  [DatasourceErrorCode.PasswordUnreadable]: 500,
};

export class DatasourceException extends AppException {
  constructor(code: DatasourceErrorCode, message: string, details?: unknown) {
    super(code, STATUS[code], message, details);
  }
}

/** A datasource of another tenant or another space answers like a missing one. */
export const datasourceNotFound = (id: string): DatasourceException =>
  new DatasourceException(DatasourceErrorCode.NotFound, `Datasource ${id} not found`);

export const datasourceNameTaken = (name: string): DatasourceException =>
  new DatasourceException(DatasourceErrorCode.NameTaken, `A datasource named "${name}" already exists in this space`, [
    { field: 'name', reason: 'name is already taken' },
  ]);
