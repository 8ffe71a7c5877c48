import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { DATASOURCE_TYPES, DatasourceEntity, DatasourceOptions, DatasourceType } from '@switchyard/database';
import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, ValidateBy, ValidateIf, isIP } from 'class-validator';

const NAME = /^\S(.{0,118}\S)?$/;
const NAME_MESSAGE = 'name must be 1-120 characters without leading or trailing spaces';
const DATABASE = /^\S(.{0,126}\S)?$/;
const DATABASE_MESSAGE = 'database must be 1-128 characters without leading or trailing spaces';
const HOST_LABEL = '[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?';
const HOST_NAME = new RegExp(`^(?=.{1,253}$)${HOST_LABEL}(?:\\.${HOST_LABEL})*$`);
const PASSWORD_MAX_LENGTH = 1024;
const OPTION_KEY = /^[A-Za-z0-9_.-]{1,64}$/;
const OPTION_MAX_KEYS = 50;
const OPTION_VALUE_MAX_LENGTH = 1000;
const OPTIONS_MAX_BYTES = 16_384;

/** Validates only when the field is sent: unlike @IsOptional, an explicit null is refused, not written to a NOT NULL column. */
const WhenPresent = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);

function isHost(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (isIP(value)) return true;
  // Dotted digits that are not an IPv4 address (e.g. 300.1.1.1) would otherwise pass as a host name.
  return !/^[\d.]+$/.test(value) && HOST_NAME.test(value);
}

function IsHost(): PropertyDecorator {
  return ValidateBy({ name: 'isHost', validator: { validate: isHost, defaultMessage: () => 'host must be a host name or an IP address' } });
}

function isOptionValue(value: unknown): boolean {
  if (typeof value === 'string') return value.length <= OPTION_VALUE_MAX_LENGTH;
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'boolean';
}

// Values may be credentials-adjacent (paths, tokens), so problems name keys at most, never values.
function optionsProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return ['options must be an object of string, number or boolean values'];
  const entries = Object.entries(value);
  const problems: string[] = [];
  if (entries.length > OPTION_MAX_KEYS) problems.push(`options must have at most ${OPTION_MAX_KEYS} keys`);
  for (const [key, entry] of entries) {
    if (!OPTION_KEY.test(key)) problems.push(`options keys must be 1-64 letters, digits, '.', '_' or '-'`);
    else if (!isOptionValue(entry))
      problems.push(`options.${key} must be a string of at most ${OPTION_VALUE_MAX_LENGTH} characters, a finite number or a boolean`);
  }
  if (Buffer.byteLength(JSON.stringify(value)) > OPTIONS_MAX_BYTES)
    problems.push(`options must serialize to at most ${OPTIONS_MAX_BYTES} bytes of JSON`);
  return [...new Set(problems)];
}

function IsFlatOptions(): PropertyDecorator {
  return ValidateBy({
    name: 'isFlatOptions',
    validator: {
      validate: (value) => optionsProblems(value).length === 0,
      defaultMessage: (args) => optionsProblems(args?.value).join('; '),
    },
  });
}

const OPTIONS_SCHEMA: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
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

  @ApiProperty({ example: 'db.internal.example.com', maxLength: 253 })
  @IsString()
  @IsHost()
  host!: string;

  @ApiProperty({ minimum: 1, maximum: 65535, example: 3306 })
  @IsInt()
  @Min(1)
  @Max(65535)
  port!: number;

  @ApiProperty({ example: 'orders', maxLength: 128 })
  @IsString()
  @MaxLength(128)
  @Matches(DATABASE, { message: DATABASE_MESSAGE })
  database!: string;

  @ApiPropertyOptional({ example: 'reporting', maxLength: 128, default: '' })
  @WhenPresent()
  @IsString()
  @MaxLength(128)
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

  @ApiPropertyOptional({ ...OPTIONS_SCHEMA, description: 'Driver settings: one flat level of string, number or boolean values' })
  @WhenPresent()
  @IsFlatOptions()
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

  @ApiPropertyOptional({ maxLength: 128 })
  @WhenPresent()
  @IsString()
  @MaxLength(128)
  @Matches(DATABASE, { message: DATABASE_MESSAGE })
  database?: string;

  @ApiPropertyOptional({ maxLength: 128 })
  @WhenPresent()
  @IsString()
  @MaxLength(128)
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
  @IsFlatOptions()
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
