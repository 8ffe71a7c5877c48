import { originModule } from './exception-context';

describe(originModule.name, () => {
  it('should name the lib of the first project frame', () => {
    const stack =
      'Error: boom\n    at fn (/repo/node_modules/x/y.js:1:1)\n    at SpacesService.get (/repo/libs/tenancy/src/spaces.service.ts:10:5)\n    at (/repo/apps/api/src/main.ts:1:1)';

    expect(originModule(stack)).toBe('libs/tenancy');
  });

  it('should say unknown when no project frame is present', () => {
    expect(originModule('Error\n    at internal (node:internal/x:1:1)')).toBe('unknown');
  });
});
