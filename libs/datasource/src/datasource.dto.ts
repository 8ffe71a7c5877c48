import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { DATASOURCE_TYPES, DatasourceEntity, DatasourceOptions, DatasourceType } from '@switchyard/database';
import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, ValidateBy, ValidateIf } from 'class-validator';
import {
  DATABASE_PATTERN,
  DATABASE_RULE,
  OPTION_RULES,
  USERNAME_PATTERN,
  USERNAME_RULE,
  hostProblem,
  optionsProblems,
} from './datasource-definition.rules';

const NAME = /^\S(.{0,118}\S)?$/;
const NAME_MESSAGE = 'name must be 1-120 characters without leading or trailing spaces';
const PASSWORD_MAX_LENGTH = 1024;

/** Validates only when the field is sent: unlike @IsOptional, an explicit null is refused, not written to a NOT NULL column. */
const WhenPresent = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);

// Syntax only; whether the host may be reached (and what its name resolves to) is the egress policy's call.
function IsHost(): PropertyDecorator {
  return ValidateBy({
    name: 'isHost',
    validator: {
      validate: (value) => hostProblem(value) === undefined,
      defaultMessage: (args) => hostProblem(args?.value) ?? 'host must be a host name or an IP address',
    },
  });
}

function IsSupportedOptions(): PropertyDecorator {
  return ValidateBy({
    name: 'isSupportedOptions',
    validator: {
      validate: (value) => optionsProblems(value).length === 0,
      defaultMessage: (args) => optionsProblems(args?.value).join('; '),
    },
  });
}

const OPTION_SCHEMAS: Record<string, object> = Object.fromEntries(
  Object.entries(OPTION_RULES).map(([key, rule]) => {
    switch (rule.kind) {
      case 'boolean':
        return [key, { type: 'boolean' }];
      case 'integer':
        return [key, { type: 'integer', minimum: rule.min, maximum: rule.max }];
      case 'one-of':
        return [key, { type: 'string', enum: rule.values }];
      case 'pattern':
        return [key, { type: 'string', pattern: rule.pattern.source }];
    }
  }),
);

const OPTIONS_SCHEMA: ApiPropertyOptions = {
  type: 'object',
  properties: OPTION_SCHEMAS,
  additionalProperties: false,
  example: { useSSL: true, connectTimeout: 10 },
};

export class CreateDatasourceDto {
  @ApiProperty({ example: 'Orders replica', maxLength: 120 })
  @IsString()
  @MaxLength(120)
  @Matches(NAME, { message: NAME_MESSAGE })
  name!: string;

  @ApiProperty({ enum: DATASOURCE_TYPES })
  @IsIn(DATASOURCE_TYPES)
  type!: DatasourceType;

  @ApiProperty({
    example: 'db.internal.example.com',
    maxLength: 253,
    description:
      'A DNS name or an IP address (no scheme, port, path or brackets); it and every address it resolves to must pass the egress policy',
  })
  @IsString()
  @IsHost()
  host!: string;

  @ApiProperty({ minimum: 1, maximum: 65535, example: 3306 })
  @IsInt()
  @Min(1)
  @Max(65535)
  port!: number;

  @ApiProperty({ example: 'orders', maxLength: 64, pattern: DATABASE_PATTERN.source })
  @IsString()
  @Matches(DATABASE_PATTERN, { message: DATABASE_RULE })
  database!: string;

  @ApiPropertyOptional({ example: 'reporting', maxLength: 128, default: '', pattern: USERNAME_PATTERN.source })
  @WhenPresent()
  @IsString()
  @Matches(USERNAME_PATTERN, { message: USERNAME_RULE })
  username?: string;

  @ApiPropertyOptional({
    format: 'password',
    writeOnly: true,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'Encrypted at rest and never returned',
  })
  @WhenPresent()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;

  @ApiPropertyOptional({ ...OPTIONS_SCHEMA, description: 'Driver settings, from a fixed list of supported keys and values' })
  @WhenPresent()
  @IsSupportedOptions()
  options?: DatasourceOptions;
}

export class UpdateDatasourceDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @WhenPresent()
  @IsString()
  @MaxLength(120)
  @Matches(NAME, { message: NAME_MESSAGE })
  name?: string;

  @ApiPropertyOptional({ enum: DATASOURCE_TYPES })
  @WhenPresent()
  @IsIn(DATASOURCE_TYPES)
  type?: DatasourceType;

  @ApiPropertyOptional({ maxLength: 253 })
  @WhenPresent()
  @IsString()
  @IsHost()
  host?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 65535 })
  @WhenPresent()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;

  @ApiPropertyOptional({ maxLength: 64, pattern: DATABASE_PATTERN.source })
  @WhenPresent()
  @IsString()
  @Matches(DATABASE_PATTERN, { message: DATABASE_RULE })
  database?: string;

  @ApiPropertyOptional({ maxLength: 128, pattern: USERNAME_PATTERN.source })
  @WhenPresent()
  @IsString()
  @Matches(USERNAME_PATTERN, { message: USERNAME_RULE })
  username?: string;

  // Three states: absent keeps the stored password, a string replaces it, null removes it.
  @ApiPropertyOptional({
    format: 'password',
    writeOnly: true,
    nullable: true,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'A new password (re-encrypted with the active key), or null to remove it',
  })
  @ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null)
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string | null;

  @ApiPropertyOptional({ ...OPTIONS_SCHEMA, description: 'Replaces the stored options as a whole' })
  @WhenPresent()
  @IsSupportedOptions()
  options?: DatasourceOptions;
}

export class DatasourceDto {
  @ApiProperty() id!: string;
  @ApiProperty() spaceId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: DATASOURCE_TYPES }) type!: DatasourceType;
  @ApiProperty() host!: string;
  @ApiProperty() port!: number;
  @ApiProperty() database!: string;
  @ApiProperty() username!: string;
  @ApiProperty(OPTIONS_SCHEMA) options!: DatasourceOptions;
  @ApiProperty({ description: 'Whether a password is stored; the password itself is never returned' }) hasPassword!: boolean;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  // Fields are picked one by one: the ciphertext and key id of the entity must never reach a response.
  static from(entity: DatasourceEntity): DatasourceDto {
    return {
      id: entity.id,
      spaceId: entity.spaceId,
      name: entity.name,
      type: entity.type,
      host: entity.host,
      port: entity.port,
      database: entity.databaseName,
      username: entity.username,
      options: entity.options,
      hasPassword: entity.passwordKeyId !== '',
      createdBy: entity.createdBy,
      createdAt: entity.createdAt.toISOString(),
      updatedAt: entity.updatedAt.toISOString(),
    };
  }
}

export class DatasourcePageDto {
  @ApiProperty({ type: [DatasourceDto] }) items!: DatasourceDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
