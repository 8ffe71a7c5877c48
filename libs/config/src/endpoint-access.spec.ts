import { EndpointAccess, defaultEndpointAccess, endpointAccessModeOf } from './endpoint-access';

const TOKEN = 'a-scrape-token-that-is-long-enough-0123456789';

describe(EndpointAccess.name, () => {
  describe('check', () => {
    it('should let anyone in when open, and nobody when off, whatever they send', () => {
      const open = EndpointAccess.of('open');
      const off = EndpointAccess.of('off');

      const verdicts = [undefined, `Bearer ${TOKEN}`].flatMap((authorization) => [open.check(authorization), off.check(authorization)]);

      expect(verdicts).toEqual(['allowed', 'off', 'allowed', 'off']);
    });

    it('should let in the bearer of the token, in any case of the scheme', () => {
      const sut = EndpointAccess.of('token', TOKEN);

      const verdicts = [`Bearer ${TOKEN}`, `bearer ${TOKEN}`, `BEARER  ${TOKEN} `].map((authorization) => sut.check(authorization));

      expect(verdicts).toEqual(['allowed', 'allowed', 'allowed']);
    });

    it('should tell a missing token from a wrong one', () => {
      const sut = EndpointAccess.of('token', TOKEN);

      const verdicts = [undefined, '', `Basic ${TOKEN}`, 'Bearer', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer other'].map(
        (authorization) => sut.check(authorization),
      );

      expect(verdicts).toEqual([
        'missing-token',
        'missing-token',
        'missing-token',
        'missing-token',
        'wrong-token',
        'wrong-token',
        'wrong-token',
      ]);
    });

    it('should refuse to build token mode without a token', () => {
      const build = () => EndpointAccess.of('token', '');

      expect(build).toThrow('An endpoint in token mode needs its token');
    });
  });
});

describe(endpointAccessModeOf.name, () => {
  it('should default to off in production and to open elsewhere', () => {
    const modes = ['production', 'development', 'test', undefined].map((nodeEnvironment) =>
      endpointAccessModeOf({ NODE_ENV: nodeEnvironment }, 'METRICS_ACCESS'),
    );

    expect(modes).toEqual(['off', 'open', 'open', 'open']);
    expect(defaultEndpointAccess('production')).toBe('off');
  });

  it('should take the configured mode over the default, and nothing that is not a mode', () => {
    const configured = endpointAccessModeOf({ NODE_ENV: 'production', METRICS_ACCESS: 'token' }, 'METRICS_ACCESS');
    const invalid = endpointAccessModeOf({ METRICS_ACCESS: 'public' }, 'METRICS_ACCESS');

    expect([configured, invalid]).toEqual(['token', undefined]);
  });
});
