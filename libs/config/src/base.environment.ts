import { IsIn } from 'class-validator';
import { NODE_ENVIRONMENTS, NodeEnvironment } from './environment.decorators';

/** Every lib's env class extends this so production-only rules can see NODE_ENV. */
export class BaseEnvironment {
  @IsIn(NODE_ENVIRONMENTS)
  NODE_ENV: NodeEnvironment = 'development';
}
