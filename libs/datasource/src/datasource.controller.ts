import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@switchyard/auth';
import { ErrorBodyDto } from '@switchyard/errors';
import { Page, PageQueryDto } from '@switchyard/tenancy';
import { CreateDatasourceDto, DatasourceDto, DatasourcePageDto, UpdateDatasourceDto } from './datasource.dto';
import { DatasourceService } from './datasource.service';

const Id = (name: string) => Param(name, new ParseUUIDPipe({ version: '4' }));

@ApiTags('datasources')
@ApiBearerAuth()
@ApiNotFoundResponse({
  type: ErrorBodyDto,
  description: 'Space or datasource unknown, in another tenant or space, or not visible to the caller',
})
@Controller('spaces/:spaceId/datasources')
export class DatasourceController {
  constructor(private readonly datasources: DatasourceService) {}

  @ApiOperation({
    summary: 'Create a datasource',
    description:
      'Defines a database connection in the space; the host must pass the egress policy and the password is stored sealed to this row.',
  })
  @Post()
  @ApiCreatedResponse({ type: DatasourceDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'The name is taken in this space' })
  create(@CurrentUser() user: AuthUser, @Id('spaceId') spaceId: string, @Body() body: CreateDatasourceDto): Promise<DatasourceDto> {
    return this.datasources.create(user, spaceId, body);
  }

  @ApiOperation({
    summary: 'List datasources',
    description: "The space's datasources, a page at a time with a cursor; passwords are never returned.",
  })
  @Get()
  @ApiOkResponse({ type: DatasourcePageDto })
  list(@CurrentUser() user: AuthUser, @Id('spaceId') spaceId: string, @Query() query: PageQueryDto): Promise<Page<DatasourceDto>> {
    return this.datasources.list(user, spaceId, query);
  }

  @ApiOperation({ summary: 'Read a datasource', description: 'One datasource of the space, without its password.' })
  @Get(':id')
  @ApiOkResponse({ type: DatasourceDto })
  get(@CurrentUser() user: AuthUser, @Id('spaceId') spaceId: string, @Id('id') id: string): Promise<DatasourceDto> {
    return this.datasources.get(user, spaceId, id);
  }

  @ApiOperation({
    summary: 'Change a datasource',
    description: 'Changes the given fields; a new password is sealed again, an absent one is kept.',
  })
  @Patch(':id')
  @ApiOkResponse({ type: DatasourceDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'The new name is taken in this space' })
  update(
    @CurrentUser() user: AuthUser,
    @Id('spaceId') spaceId: string,
    @Id('id') id: string,
    @Body() body: UpdateDatasourceDto,
  ): Promise<DatasourceDto> {
    return this.datasources.update(user, spaceId, id, body);
  }

  @ApiOperation({ summary: 'Delete a datasource', description: 'Deletes the datasource from the space.' })
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  delete(@CurrentUser() user: AuthUser, @Id('spaceId') spaceId: string, @Id('id') id: string): Promise<void> {
    return this.datasources.delete(user, spaceId, id);
  }
}
