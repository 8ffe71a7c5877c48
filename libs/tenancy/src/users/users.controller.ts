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
import { AuthUser, CurrentUser, TenantRoles } from '@switchyard/auth';
import { ErrorBodyDto } from '@switchyard/errors';
import { Page, PageQueryDto } from '../pagination/page';
import { CreateUserDto, UpdateUserDto, UserDto, UserPageDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @ApiOperation({ summary: 'Create a user', description: "Creates a user in the caller's tenant (tenant owners and admins)." })
  @Post()
  @TenantRoles('owner', 'admin')
  @ApiCreatedResponse({ type: UserDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.users.create(user, body);
  }

  @ApiOperation({ summary: 'List users', description: "The users of the caller's tenant, oldest first, a page at a time with a cursor." })
  @Get()
  @ApiOkResponse({ type: UserPageDto })
  list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<Page<UserDto>> {
    return this.users.list(user, query);
  }

  @ApiOperation({
    summary: "Change a user's role",
    description: "Sets a user's tenant role; the user's sessions end so the new role applies at once.",
  })
  @Patch(':id')
  @TenantRoles('owner', 'admin')
  @ApiOkResponse({ type: UserDto, description: "The new role is in force at once: the user's tokens with the old one must be refreshed" })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserDto> {
    return this.users.update(user, id, body);
  }

  @ApiOperation({
    summary: "End a user's sessions",
    description: 'Ends every session of the user on every node: tokens stop working and WebSocket connections close.',
  })
  @Delete(':id/sessions')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Every session of the user has ended (their tokens and sockets with them)' })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  endSessions(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<void> {
    return this.users.endSessions(user, id);
  }
}
