import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@switchyard/auth';
import { ErrorBodyDto } from '@switchyard/errors';
import { FastifyReply } from 'fastify';
import { Page, PageQueryDto } from '../pagination/page';
import { CreateSpaceDto, MembershipDto, SetMemberDto, SpaceDto, SpacePageDto, UpdateSpaceDto } from './space.dto';
import { SpacesService } from './spaces.service';

const Id = (name: string) => Param(name, new ParseUUIDPipe({ version: '4' }));

@ApiTags('spaces')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ErrorBodyDto, description: 'Unknown, in another tenant, or not visible to the caller' })
@Controller('spaces')
export class SpacesController {
  constructor(private readonly spaces: SpacesService) {}

  @Post()
  @ApiCreatedResponse({ type: SpaceDto })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateSpaceDto): Promise<SpaceDto> {
    return this.spaces.create(user, body);
  }

  @Get()
  @ApiOkResponse({ type: SpacePageDto })
  list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<Page<SpaceDto>> {
    return this.spaces.list(user, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: SpaceDto, description: 'Read through the cache; X-Cache says HIT or MISS' })
  async get(@CurrentUser() user: AuthUser, @Id('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const read = await this.spaces.get(user, id);
    // The cached JSON text goes out as it is: no parse-and-serialise round trip on the hottest read.
    void reply.header('X-Cache', read.status).type('application/json; charset=utf-8');
    return read.json;
  }

  @Patch(':id')
  @ApiOkResponse({ type: SpaceDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  update(@CurrentUser() user: AuthUser, @Id('id') id: string, @Body() body: UpdateSpaceDto): Promise<SpaceDto> {
    return this.spaces.update(user, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  delete(@CurrentUser() user: AuthUser, @Id('id') id: string): Promise<void> {
    return this.spaces.delete(user, id);
  }

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
