import { AppException, FieldError } from '@switchyard/errors';

export enum DatasourceErrorCode {
  NotFound = 'DATASOURCE_NOT_FOUND',
  NameTaken = 'DATASOURCE_NAME_TAKEN',
  PasswordUnreadable = 'DATASOURCE_PASSWORD_UNREADABLE',
  HostNotAllowed = 'DATASOURCE_HOST_NOT_ALLOWED',
  HostUnresolvable = 'DATASOURCE_HOST_UNRESOLVABLE',
  DefinitionInvalid = 'DATASOURCE_DEFINITION_INVALID',
}

const STATUS: Record<DatasourceErrorCode, number> = {
  [DatasourceErrorCode.NotFound]: 404,
  [DatasourceErrorCode.NameTaken]: 409,
  // A stored password that cannot be decrypted is an operator problem (a removed key), not the caller's.
  [DatasourceErrorCode.PasswordUnreadable]: 500,
  [DatasourceErrorCode.HostNotAllowed]: 400,
  [DatasourceErrorCode.HostUnresolvable]: 400,
  // A stored row that breaks today's rules must be corrected before use; the request itself was fine.
  [DatasourceErrorCode.DefinitionInvalid]: 409,
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

/** A host the egress policy refuses; `datasourceId` is set when a stored definition is checked before use. */
export const hostNotAllowed = (reason: string, datasourceId?: string): DatasourceException =>
  new DatasourceException(
    DatasourceErrorCode.HostNotAllowed,
    datasourceId ? `Datasource ${datasourceId} cannot be used: ${reason}` : reason,
    [{ field: 'host', reason }],
  );

export const hostUnresolvable = (datasourceId?: string): DatasourceException => {
  const reason = 'host does not resolve to any address';
  return new DatasourceException(
    DatasourceErrorCode.HostUnresolvable,
    datasourceId ? `Datasource ${datasourceId} cannot be used: ${reason}` : reason,
    [{ field: 'host', reason }],
  );
};

export const definitionInvalid = (datasourceId: string, problems: FieldError[]): DatasourceException =>
  new DatasourceException(
    DatasourceErrorCode.DefinitionInvalid,
    `Datasource ${datasourceId} must be corrected before use: ${problems.map((problem) => problem.reason).join('; ')}`,
    problems,
  );
