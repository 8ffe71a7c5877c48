/**
 * Runs `build` with V8's stack capture switched off, for errors that are routine answers rather than faults.
 * A refused token is one (anyone can send junk): building its two errors with stack traces cost more than
 * verifying a valid token, so a flood of junk tokens cost each node half as much again as anonymous traffic.
 */
export function withoutStackTraces<T>(build: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return build();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
