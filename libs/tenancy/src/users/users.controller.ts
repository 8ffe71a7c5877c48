import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, TenantRoles } from '@switchyard/auth';
import { ErrorBodyDto } from '@switchyard/errors';
import { Page, PageQueryDto } from '../pagination/page';
import { CreateUserDto, UserDto, UserPageDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @TenantRoles('owner', 'admin')
  @ApiCreatedResponse({ type: UserDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.users.create(user, body);
  }

  @Get()
  @ApiOkResponse({ type: UserPageDto })
  list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<Page<UserDto>> {
    return this.users.list(user, query);
  }
}
