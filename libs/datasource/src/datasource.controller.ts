import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
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

  @Post()
  @ApiCreatedResponse({ type: DatasourceDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'The name is taken in this space' })
  create(@CurrentUser() user: AuthUser, @Id('spaceId') spaceId: string, @Body() body: CreateDatasourceDto): Promise<DatasourceDto> {
    return this.datasources.create(user, spaceId, body);
  }

  @Get()
  @ApiOkResponse({ type: DatasourcePageDto })
  list(@CurrentUser() user: AuthUser, @Id('spaceId') spaceId: string, @Query() query: PageQueryDto): Promise<Page<DatasourceDto>> {
    return this.datasources.list(user, spaceId, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: DatasourceDto })
  get(@CurrentUser() user: AuthUser, @Id('spaceId') spaceId: string, @Id('id') id: string): Promise<DatasourceDto> {
    return this.datasources.get(user, spaceId, id);
  }

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

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  delete(@CurrentUser() user: AuthUser, @Id('spaceId') spaceId: string, @Id('id') id: string): Promise<void> {
    return this.datasources.delete(user, spaceId, id);
  }
}
