import { InitialSchema1764230400000 } from './1764230400000-initial-schema';
import { Datasources1764230500000 } from './1764230500000-datasources';
import { Routing1764230600000 } from './1764230600000-routing';
import { Sync1764230700000 } from './1764230700000-sync';
import { RoutingKillSwitches1764230800000 } from './1764230800000-routing-kill-switches';

/** Listed explicitly (not globbed) so the same list works from ts-node, jest and the compiled build. */
export const MIGRATIONS = [
  InitialSchema1764230400000,
  Datasources1764230500000,
  Routing1764230600000,
  Sync1764230700000,
  RoutingKillSwitches1764230800000,
];
