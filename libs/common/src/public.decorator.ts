import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'switchyard:isPublic';

/** Opts a route out of the global JWT guard (health checks, login). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
