import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@switchyard/auth';
import { UseFastPath } from '@switchyard/common';
import { ErrorBodyDto } from '@switchyard/errors';
import { FastifyReply } from 'fastify';
import { Page, PageQueryDto } from '../pagination/page';
import { CreateSpaceDto, MembershipDto, SetMemberDto, SpaceDto, SpacePageDto, UpdateSpaceDto } from './space.dto';
import { SpaceReadFastPath } from './space-read.fast-path';
import { SpacesService } from './spaces.service';

const Id = (name: string) => Param(name, new ParseUUIDPipe({ version: '4' }));

@ApiTags('spaces')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ErrorBodyDto, description: 'Unknown, in another tenant, or not visible to the caller' })
@Controller('spaces')
export class SpacesController {
  constructor(private readonly spaces: SpacesService) {}

  @ApiOperation({ summary: 'Create a space', description: "Creates a space in the caller's tenant; the creator becomes its owner." })
  @Post()
  @ApiCreatedResponse({ type: SpaceDto })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateSpaceDto): Promise<SpaceDto> {
    return this.spaces.create(user, body);
  }

  @ApiOperation({ summary: 'List spaces', description: 'The spaces the caller can see, a page at a time with a cursor.' })
  @Get()
  @ApiOkResponse({ type: SpacePageDto })
  list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<Page<SpaceDto>> {
    return this.spaces.list(user, query);
  }

  @ApiOperation({
    summary: 'Read a space',
    description: 'One space the caller can see, served from the read-through cache when warm (X-Cache tells which).',
  })
  @Get(':id')
  @UseFastPath(SpaceReadFastPath)
  @ApiOkResponse({ type: SpaceDto, description: 'Read through the cache; X-Cache says HIT or MISS' })
  async get(@CurrentUser() user: AuthUser, @Id('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const read = await this.spaces.get(user, id);
    // The cached JSON text goes out as it is: no parse-and-serialise round trip on the hottest read.
    void reply.header('X-Cache', read.status).type('application/json; charset=utf-8');
    return read.json;
  }

  @ApiOperation({ summary: 'Change a space', description: 'Changes a space (space owners and admins); every node drops its cached copy.' })
  @Patch(':id')
  @ApiOkResponse({ type: SpaceDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  update(@CurrentUser() user: AuthUser, @Id('id') id: string, @Body() body: UpdateSpaceDto): Promise<SpaceDto> {
    return this.spaces.update(user, id, body);
  }

  @ApiOperation({ summary: 'Delete a space', description: 'Deletes a space with its memberships and datasources (space owners).' })
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  delete(@CurrentUser() user: AuthUser, @Id('id') id: string): Promise<void> {
    return this.spaces.delete(user, id);
  }

  @ApiOperation({
    summary: "Set a member's role",
    description: "Adds a user of the tenant to the space, or changes the user's role in it.",
  })
  @Put(':id/members/:userId')
  @ApiOkResponse({ type: MembershipDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  setMember(
    @CurrentUser() user: AuthUser,
    @Id('id') id: string,
    @Id('userId') userId: string,
    @Body() body: SetMemberDto,
  ): Promise<MembershipDto> {
    return this.spaces.setMember(user, id, userId, body.role);
  }
}
