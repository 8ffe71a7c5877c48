import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationFailedException } from './app.exception';

function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/**
 * Nest's pipe, answering at once where it would return the value unchanged anyway: a string path or
 * query parameter, and a custom parameter decorator (`@CurrentUser`). It runs for every parameter of
 * every request, so those cases should not pay for its general path.
 */
class SwitchyardValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom' || (metadata.metatype === String && typeof value === 'string')) return Promise.resolve(value);
    return super.transform(value, metadata);
  }
}

/** Strict input: unknown fields are refused, and every failing field is named with its reason. */
export function createValidationPipe(): ValidationPipe {
  return new SwitchyardValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailedException(fieldErrors(errors)),
  });
}
