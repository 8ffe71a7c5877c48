import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const SCOPE = /^(\*|(tenant|space):\S{1,100})$/;

export class KillSwitchDto {
  @ApiProperty({ example: 'spaces-api', description: 'A feature key, or * for every feature' })
  @IsString()
  @Matches(/^(\*|[a-z0-9][a-z0-9._-]{0,99})$/, { message: 'feature must be a feature key or *' })
  feature!: string;

  @ApiPropertyOptional({ example: '*', description: '* (everyone), tenant:<id> or space:<id>' })
  @IsOptional()
  @Matches(SCOPE, { message: 'scope must be *, tenant:<id> or space:<id>' })
  scope?: string;

  @ApiPropertyOptional({ example: 'incident 4711' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ReleaseKillSwitchDto {
  @ApiProperty({ example: 'spaces-api' })
  @IsString()
  @Matches(/^(\*|[a-z0-9][a-z0-9._-]{0,99})$/, { message: 'feature must be a feature key or *' })
  feature!: string;

  @ApiPropertyOptional({ example: '*' })
  @IsOptional()
  @Matches(SCOPE, { message: 'scope must be *, tenant:<id> or space:<id>' })
  scope?: string;
}
