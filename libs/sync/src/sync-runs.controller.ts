import { Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
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

  @ApiOperation({
    summary: 'Start a sync run',
    description: 'Submits the job to SeaTunnel; the same Idempotency-Key answers the same run. Progress is pushed over the WebSocket hub.',
  })
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

  @ApiOperation({ summary: 'Read a sync run', description: 'The status, row counts, error and times of one run.' })
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

  @ApiOperation({ summary: 'Cancel a sync run', description: 'Asks SeaTunnel to cancel a run that has not finished.' })
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
