export { AppException, CommonErrorCode, DependencyUnavailableException, FieldError, ValidationFailedException } from './app.exception';
export { ErrorBodyDto, FieldErrorDto } from './error-body.dto';
export { GlobalExceptionFilter } from './global-exception.filter';
export { originModule } from './exception-context';
export { createValidationPipe } from './validation.pipe';
export { toErrorResponse, ErrorResponse } from './error-mapping';
export { withoutStackTraces } from './without-stack-traces';
export { exceedsJsonDepth, depthCheckedJsonParser, MAX_JSON_DEPTH } from './json-body.parser';
