import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class BroadcastDto {
  @ApiProperty({ example: 'maintenance.notice' })
  @IsString()
  @Matches(/^[A-Za-z0-9][\w.:-]{0,99}$/, { message: 'event must be 1-100 characters of letters, digits and . : _ -' })
  event!: string;

  @ApiProperty({ description: 'Any JSON value', example: { message: 'Back in 5 minutes' } })
  @IsDefined()
  data!: unknown;

  @ApiPropertyOptional({ example: 'space:6f1c0a4e-8a62-4a3b-9a36-1f1f3f0c9b1e', description: 'Only clients subscribed to this topic' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  topic?: string;

  @ApiPropertyOptional({ description: 'Only the connections of this user' })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class BroadcastAcceptedDto {
  @ApiProperty() event!: string;
  @ApiProperty({ example: { kind: 'topic', topic: 'space:…' } }) target!: unknown;
}
