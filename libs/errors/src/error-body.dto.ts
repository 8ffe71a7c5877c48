import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'username' }) field!: string;
  @ApiProperty({ example: 'username should not be empty' }) reason!: string;
}

/** The one error body every endpoint answers with. */
export class ErrorBodyDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'A stable machine-readable code' }) error!: string;
  @ApiProperty({ example: 'username should not be empty' }) message!: string;
  @ApiPropertyOptional({ description: 'Field errors, failing checks, or the request id of a 500' }) details?: unknown;
}
