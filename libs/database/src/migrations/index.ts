import { InitialSchema1764230400000 } from './1764230400000-initial-schema';

/** Listed explicitly (not globbed) so the same list works from ts-node, jest and the compiled build. */
export const MIGRATIONS = [InitialSchema1764230400000];
