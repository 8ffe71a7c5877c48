import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export const SQL_DIALECTS = ['mysql', 'mariadb', 'postgresql', 'hive', 'bigquery'] as const;

export class ValidateSqlDto {
  @ApiProperty({ example: 'SELECT id, name FROM users WHERE id = 1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  sql!: string;

  @ApiPropertyOptional({ enum: SQL_DIALECTS, default: 'mysql' })
  @IsOptional()
  @IsIn(SQL_DIALECTS)
  dialect?: (typeof SQL_DIALECTS)[number];
}

export class SqlErrorDto {
  @ApiProperty({ example: 1 }) line!: number;
  @ApiProperty({ example: 8 }) column!: number;
  @ApiProperty() message!: string;
}

export class SqlValidationDto {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ example: 'SELECT' }) statementType!: string;
  @ApiProperty({ type: [String], example: ['users'] }) tables!: string[];
  @ApiProperty({ type: [SqlErrorDto] }) errors!: SqlErrorDto[];
}
