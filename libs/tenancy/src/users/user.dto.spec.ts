import { UserEntity } from '@switchyard/database';
import { UserDto } from './user.dto';

describe(UserDto.name, () => {
  describe('from', () => {
    it('should carry no password hash, tenant id or anything not listed', () => {
      const entity = Object.assign(new UserEntity(), {
        id: 'u-1',
        tenantId: 't-1',
        username: 'alice',
        passwordHash: 'scrypt$secret',
        role: 'member',
        createdAt: new Date('2026-01-02T03:04:05.678Z'),
        updatedAt: new Date(),
      });

      const dto = UserDto.from(entity as UserEntity);

      expect(dto).toEqual({ id: 'u-1', username: 'alice', role: 'member', createdAt: '2026-01-02T03:04:05.678Z' });
      expect(JSON.stringify(dto)).not.toContain('scrypt');
    });
  });
});
