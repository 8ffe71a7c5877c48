/** True for a duplicate-key error from MySQL/MariaDB or a UNIQUE failure from SQLite. */
export function isUniqueViolation(error: unknown): boolean {
  const candidate = error as { code?: string; driverError?: { code?: string } } | undefined;
  const code = candidate?.driverError?.code ?? candidate?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
