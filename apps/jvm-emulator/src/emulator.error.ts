export enum EmulatorErrorCode {
  InvalidArgument = 'INVALID_ARGUMENT',
  NotFound = 'NOT_FOUND',
}

/** The one error the emulator's rules raise; the server maps its code to a gRPC status. */
export class EmulatorError extends Error {
  constructor(
    readonly code: EmulatorErrorCode,
    message: string,
  ) {
    super(message);
    this.name = EmulatorError.name;
  }
}
