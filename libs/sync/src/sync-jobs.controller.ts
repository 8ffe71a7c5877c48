import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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

  @ApiOperation({
    summary: 'Create a sync job',
    description: 'Defines a copy from one datasource of the space to another, optionally on a cron schedule.',
  })
  @Post()
  @ApiCreatedResponse({ type: SyncJobDto })
  create(@CurrentUser() user: AuthUser, @Id('spaceId') spaceId: string, @Body() body: CreateSyncJobDto): Promise<SyncJobDto> {
    return this.jobs.create(user, spaceId, body);
  }

  @ApiOperation({ summary: 'List sync jobs', description: "The space's sync jobs, a page at a time with a cursor." })
  @Get()
  @ApiOkResponse({ type: [SyncJobDto] })
  list(@CurrentUser() user: AuthUser, @Id('spaceId') spaceId: string): Promise<SyncJobDto[]> {
    return this.jobs.list(user, spaceId);
  }

  @ApiOperation({
    summary: 'Sync statistics',
    description: "Runs of the space's jobs over the last 24 hours by status, with rows read and written.",
  })
  @Get('stats')
  @ApiOkResponse({ type: SyncStatsDto, description: 'Runs of the last 24 hours, from one raw SQL aggregate' })
  stats(@CurrentUser() user: AuthUser, @Id('spaceId') spaceId: string): Promise<SyncStatsDto> {
    return this.runs.stats(user, spaceId);
  }

  @ApiOperation({ summary: 'Read a sync job', description: 'One sync job of the space.' })
  @Get(':id')
  @ApiOkResponse({ type: SyncJobDto })
  get(@CurrentUser() user: AuthUser, @Id('spaceId') spaceId: string, @Id('id') id: string): Promise<SyncJobDto> {
    return this.jobs.get(user, spaceId, id);
  }
}
