import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

// Unlike @IsOptional, lets only a missing field through: null on a NOT NULL column is a 400, not a 500.
const Optional = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
import { SPACE_ROLES, SpaceEntity, SpaceRole } from '@switchyard/database';

const NAME = /^\S(.{0,118}\S)?$/;

export class CreateSpaceDto {
  @ApiProperty({ example: 'Marketing analytics', maxLength: 120 })
  @IsString()
  @MaxLength(120)
  @Matches(NAME, { message: 'name must be 1-120 characters without leading or trailing spaces' })
  name!: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

export class UpdateSpaceDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @Optional()
  @IsString()
  @MaxLength(120)
  @Matches(NAME, { message: 'name must be 1-120 characters without leading or trailing spaces' })
  name?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @Optional()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

export class SetMemberDto {
  @ApiProperty({ enum: SPACE_ROLES })
  @IsIn(SPACE_ROLES)
  role!: SpaceRole;
}

export class SpaceDto {
  @ApiProperty() id!: string;
  @ApiProperty() tenantId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;

  static from(entity: SpaceEntity): SpaceDto {
    return {
      id: entity.id,
      tenantId: entity.tenantId,
      name: entity.name,
      description: entity.description,
      createdBy: entity.createdBy,
      createdAt: entity.createdAt.toISOString(),
      updatedAt: entity.updatedAt.toISOString(),
    };
  }
}

export class SpacePageDto {
  @ApiProperty({ type: [SpaceDto] }) items!: SpaceDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({ description: 'Items in the whole list' }) total!: number;
}

export class MembershipDto {
  @ApiProperty() spaceId!: string;
  @ApiProperty() userId!: string;
  @ApiProperty({ enum: SPACE_ROLES }) role!: SpaceRole;
}
