import { Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@switchyard/auth';
import { ErrorBodyDto } from '@switchyard/errors';
import { SyncRunDto } from './sync.dto';
import { SyncRunsService } from './sync-runs.service';

const Id = (name: string) => Param(name, new ParseUUIDPipe({ version: '4' }));

@ApiTags('sync')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ErrorBodyDto })
@Controller('spaces/:spaceId/sync-jobs/:jobId/runs')
export class SyncRunsController {
  constructor(private readonly runs: SyncRunsService) {}

  @Post()
  @HttpCode(202)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key returns the same run' })
  @ApiOkResponse({ type: SyncRunDto })
  @ApiServiceUnavailableResponse({ type: ErrorBodyDto, description: 'SeaTunnel is down or its circuit is open' })
  start(
    @CurrentUser() user: AuthUser,
    @Id('spaceId') spaceId: string,
    @Id('jobId') jobId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<SyncRunDto> {
    return this.runs.start(user, spaceId, jobId, idempotencyKey?.slice(0, 150));
  }

  @Get(':runId')
  @ApiOkResponse({ type: SyncRunDto })
  get(
    @CurrentUser() user: AuthUser,
    @Id('spaceId') spaceId: string,
    @Id('jobId') jobId: string,
    @Id('runId') runId: string,
  ): Promise<SyncRunDto> {
    return this.runs.get(user, spaceId, jobId, runId);
  }

  @Post(':runId/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: SyncRunDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'The run has already ended' })
  cancel(
    @CurrentUser() user: AuthUser,
    @Id('spaceId') spaceId: string,
    @Id('jobId') jobId: string,
    @Id('runId') runId: string,
  ): Promise<SyncRunDto> {
    return this.runs.cancel(user, spaceId, jobId, runId);
  }
}
