import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { TENANT_ROLES, TenantRole, USERNAME_PATTERN, UserEntity } from '@switchyard/database';

export class CreateUserDto {
  @ApiProperty({ example: 'alice' })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3-64 characters of letters, digits and ._@-' })
  username!: string;

  @ApiProperty({ format: 'password', minLength: 12 })
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  password!: string;

  @ApiProperty({ enum: TENANT_ROLES })
  @IsIn(TENANT_ROLES)
  role!: TenantRole;
}

export class UpdateUserDto {
  @ApiProperty({ enum: TENANT_ROLES })
  @IsIn(TENANT_ROLES)
  role!: TenantRole;
}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: TENANT_ROLES }) role!: TenantRole;
  @ApiProperty() createdAt!: string;

  static from(entity: UserEntity): UserDto {
    return { id: entity.id, username: entity.username, role: entity.role, createdAt: entity.createdAt.toISOString() };
  }
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({ description: 'Items in the whole list' }) total!: number;
}
