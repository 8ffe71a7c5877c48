import { GUARDS_METADATA, INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { IS_PUBLIC } from '@switchyard/common';
import { SpacesController } from './spaces.controller';

/**
 * SpaceReadFastPath answers `GET /spaces/:id` without the route's guards and interceptors, enforcing only
 * what the global JWT guard enforces for a route open to every tenant role. If one of these fails, the
 * route has gained a rule the fast path does not apply: teach it the rule, or take the fast path away.
 */
describe('the route behind SpaceReadFastPath', () => {
  const targets = [SpacesController.prototype.get, SpacesController];
  const metadata = (key: string) => targets.map((target) => Reflect.getMetadata(key, target) as unknown);

  it('should be open to every tenant role and not public', () => {
    expect(metadata('switchyard:tenantRoles')).toEqual([undefined, undefined]);
    expect(metadata(IS_PUBLIC)).toEqual([undefined, undefined]);
  });

  it('should have no guards or interceptors of its own', () => {
    expect(metadata(GUARDS_METADATA)).toEqual([undefined, undefined]);
    expect(metadata(INTERCEPTORS_METADATA)).toEqual([undefined, undefined]);
  });
});
