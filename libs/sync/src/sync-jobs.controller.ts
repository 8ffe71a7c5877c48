import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@switchyard/auth';
import { ErrorBodyDto } from '@switchyard/errors';
import { CreateSyncJobDto, SyncJobDto, SyncStatsDto } from './sync.dto';
import { SyncJobsService } from './sync-jobs.service';
import { SyncRunsService } from './sync-runs.service';

const Id = (name: string) => Param(name, new ParseUUIDPipe({ version: '4' }));

@ApiTags('sync')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ErrorBodyDto })
@Controller('spaces/:spaceId/sync-jobs')
export class SyncJobsController {
  constructor(
    private readonly jobs: SyncJobsService,
    private readonly runs: SyncRunsService,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: SyncJobDto })
  create(@CurrentUser() user: AuthUser, @Id('spaceId') spaceId: string, @Body() body: CreateSyncJobDto): Promise<SyncJobDto> {
    return this.jobs.create(user, spaceId, body);
  }

  @Get()
  @ApiOkResponse({ type: [SyncJobDto] })
  list(@CurrentUser() user: AuthUser, @Id('spaceId') spaceId: string): Promise<SyncJobDto[]> {
    return this.jobs.list(user, spaceId);
  }

  @Get('stats')
  @ApiOkResponse({ type: SyncStatsDto, description: 'Runs of the last 24 hours, from one raw SQL aggregate' })
  stats(@CurrentUser() user: AuthUser, @Id('spaceId') spaceId: string): Promise<SyncStatsDto> {
    return this.runs.stats(user, spaceId);
  }

  @Get(':id')
  @ApiOkResponse({ type: SyncJobDto })
  get(@CurrentUser() user: AuthUser, @Id('spaceId') spaceId: string, @Id('id') id: string): Promise<SyncJobDto> {
    return this.jobs.get(user, spaceId, id);
  }
}
