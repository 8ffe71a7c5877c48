import { Injectable } from '@nestjs/common';
import { AuthUser } from '@switchyard/auth';
import { CacheRead, CacheStore } from '@switchyard/cache';
import { CalciteClient } from '@switchyard/jvm-bridge';
import { SpaceAccessService } from '@switchyard/tenancy';
import { createHash } from 'node:crypto';
import { SqlValidationDto, ValidateSqlDto } from './sql-validation.dto';

/** SQL validation by Calcite, for members of the space; identical SQL is answered from the cache. */
@Injectable()
export class SqlValidationService {
  constructor(
    private readonly access: SpaceAccessService,
    private readonly calcite: CalciteClient,
    private readonly cache: CacheStore,
  ) {}

  async validate(caller: AuthUser, spaceId: string, request: ValidateSqlDto): Promise<CacheRead<SqlValidationDto>> {
    await this.access.require(caller, spaceId, 'read');
    const dialect = request.dialect ?? 'mysql';
    // Keyed by space as well: with the real Calcite, validation resolves the space's catalog.
    const key = `sql:${spaceId}:${dialect}:${createHash('sha256').update(request.sql).digest('hex')}`;
    const read = await this.cache.getOrLoad(key, async () => {
      const analysis = await this.calcite.validate(request.sql, dialect);
      return { valid: analysis.valid, statementType: analysis.statementType, tables: analysis.tables, errors: analysis.errors };
    });
    return read!;
  }
}
