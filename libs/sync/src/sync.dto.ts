import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SYNC_RUN_STATUSES, SyncJobEntity, SyncRunEntity, SyncRunStatusValue, TableMapping } from '@switchyard/database';
import { IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidationArguments, registerDecorator } from 'class-validator';
import { validateCronExpression } from 'cron';

function IsCron(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCron',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && validateCronExpression(value).valid,
        defaultMessage: (args?: ValidationArguments) => `${args?.property} must be a cron expression (5 fields, or 6 with seconds first)`,
      },
    });
}

function IsTableMapping(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTableMapping',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => {
          const entries = Object.entries((value ?? {}) as Record<string, unknown>);
          return (
            entries.length > 0 &&
            entries.length <= 500 &&
            entries.every(([from, to]) => /^[\w.$-]{1,200}$/.test(from) && typeof to === 'string' && /^[\w.$-]{1,200}$/.test(to))
          );
        },
        defaultMessage: () => 'tableMapping must map 1-500 source tables to target tables (names of letters, digits and . _ $ -)',
      },
    });
}

export class CreateSyncJobDto {
  @ApiProperty({ example: 'orders to warehouse' })
  @IsString()
  @Matches(/^\S(.{0,118}\S)?$/, { message: 'name must be 1-120 characters without leading or trailing spaces' })
  name!: string;

  @ApiProperty() @IsUUID() sourceDatasourceId!: string;
  @ApiProperty() @IsUUID() targetDatasourceId!: string;

  @ApiProperty({ example: { orders: 'dw_orders' } })
  @IsObject()
  @IsTableMapping()
  tableMapping!: TableMapping;

  @ApiPropertyOptional({ example: '0 2 * * *', description: 'When to run it on its own' })
  @IsOptional()
  @MaxLength(100)
  @IsCron()
  cron?: string;
}

export class SyncJobDto {
  @ApiProperty() id!: string;
  @ApiProperty() spaceId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() sourceDatasourceId!: string;
  @ApiProperty() targetDatasourceId!: string;
  @ApiProperty() tableMapping!: TableMapping;
  @ApiProperty({ nullable: true, type: String }) cron!: string | null;
  @ApiProperty() createdAt!: string;

  static from(entity: SyncJobEntity): SyncJobDto {
    return {
      id: entity.id,
      spaceId: entity.spaceId,
      name: entity.name,
      sourceDatasourceId: entity.sourceDatasourceId,
      targetDatasourceId: entity.targetDatasourceId,
      tableMapping: entity.tableMapping,
      cron: entity.cron || null,
      createdAt: entity.createdAt.toISOString(),
    };
  }
}

export class SyncRunDto {
  @ApiProperty() id!: string;
  @ApiProperty() jobId!: string;
  @ApiProperty() spaceId!: string;
  @ApiProperty({ enum: SYNC_RUN_STATUSES }) status!: SyncRunStatusValue;
  @ApiProperty({ enum: ['manual', 'schedule'] }) trigger!: 'manual' | 'schedule';
  @ApiProperty() rowsRead!: number;
  @ApiProperty() rowsWritten!: number;
  @ApiProperty() error!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;

  static from(entity: SyncRunEntity): SyncRunDto {
    const at = (milliseconds: number) => (milliseconds > 0 ? new Date(milliseconds).toISOString() : null);
    return {
      id: entity.id,
      jobId: entity.jobId,
      spaceId: entity.spaceId,
      status: entity.status,
      trigger: entity.trigger,
      rowsRead: entity.rowsRead,
      rowsWritten: entity.rowsWritten,
      error: entity.error,
      createdAt: new Date(entity.createdAtMs).toISOString(),
      startedAt: at(entity.startedAtMs),
      finishedAt: at(entity.finishedAtMs),
    };
  }
}

export class SyncStatsDto {
  @ApiProperty({ example: 24 }) windowHours!: number;
  @ApiProperty({ example: { pending: 0, running: 1, succeeded: 40, failed: 2, cancelled: 1 } }) runsByStatus!: Record<
    SyncRunStatusValue,
    number
  >;
  @ApiProperty({ example: 0.952, nullable: true, type: Number, description: 'succeeded / finished (succeeded + failed)' }) successRate!:
    number | null;
  @ApiProperty({ example: 5230, nullable: true, type: Number, description: 'nearest-rank p95 of succeeded runs, ms' }) p95DurationMs!:
    number | null;
  @ApiProperty({ example: 1200000 }) rowsRead!: number;
  @ApiProperty({ example: 1200000 }) rowsWritten!: number;
}
