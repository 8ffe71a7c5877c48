import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { TenancyErrorCode, TenancyException } from '../tenancy.errors';

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** How many items the whole list has, across all pages. */
  total?: number;
}

/**
 * Keyset position: lists are ordered by (createdAt, id), so pages never skip or repeat rows.
 * Rows must be inserted with createdAt set by the app (millisecond precision, like the cursor):
 * a database default of CURRENT_TIMESTAMP(6) keeps microseconds the cursor cannot carry.
 */
export interface Position {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Position | undefined {
  if (!cursor) return undefined;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { createdAt: date, id };
  } catch {
    throw new TenancyException(TenancyErrorCode.InvalidCursor, 'cursor is not a cursor this API returned', [
      { field: 'cursor', reason: 'cursor is malformed' },
    ]);
  }
}

/** Fetch limit + 1 rows; the extra row only tells whether a next page exists. */
export function toPage<Row extends Position, T>(rows: Row[], limit: number, map: (row: Row) => T, total?: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const page: Page<T> = { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  return total === undefined ? page : { ...page, total };
}
