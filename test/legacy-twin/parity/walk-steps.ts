/**
 * The steps of the contract parity walk (../parity-walk.e2e-spec.ts): every spaces and users route,
 * generated from the callers, ids, bodies and queries below. Both backends answer on one database, so
 * a step either goes to both as it is (reads, refusals, and idempotent writes: the second side finds
 * the state the first left, which answers the same) or is paired (a write that cannot be repeated: each
 * side makes its own, with inputs that differ only where the walk says so, then both sides read both).
 */
import { randomUUID } from 'node:crypto';

export type Side = 'switchyard' | 'twin';

/** Who sends a step: a logged-in user of the world, nobody, or a forged credential. */
export type Actor = 'owner' | 'admin' | 'member' | 'viewer' | 'globex' | 'leaver' | 'anonymous' | 'forged';

export const ROUTES = [
  'GET /api/v1/spaces',
  'POST /api/v1/spaces',
  'GET /api/v1/spaces/:id',
  'PATCH /api/v1/spaces/:id',
  'DELETE /api/v1/spaces/:id',
  'PUT /api/v1/spaces/:id/members/:userId',
  'GET /api/v1/users',
  'POST /api/v1/users',
  'PATCH /api/v1/users/:id',
  'DELETE /api/v1/users/:id/sessions',
  'no such route',
] as const;
export type RouteKey = (typeof ROUTES)[number];

/** The ids the seeding made: tenants, users (callers and subjects) and spaces. */
export interface World {
  users: {
    owner: string;
    admin: string;
    member: string;
    viewer: string;
    leaver: string;
    /** Subjects of role changes and session ends, never callers: their tokens are not used. */
    sam: string;
    sid: string;
    olga: string;
    globex: string;
    gus: string;
  };
  /** alpha: member is space viewer; beta: member; gamma: admin; delta: no membership; own: created by member. */
  spaces: { alpha: string; beta: string; gamma: string; delta: string; own: string; globex: string };
}

/** What earlier steps answered, per side: created ids and cursors to follow. */
export interface Memory {
  ids: Record<string, Record<Side, string>>;
  cursors: Record<string, Record<Side, string | null>>;
}

export interface Step {
  route: RouteKey;
  name: string;
  actor: Actor;
  method: string;
  path: string | ((side: Side, memory: Memory) => string);
  /** A JSON body, the same for both sides, or per side for paired writes. */
  body?: unknown;
  bodyFor?: (side: Side) => unknown;
  /** Sent as it is with `content-type: application/json`: malformed or unusual JSON text. */
  rawBody?: string;
  mode: 'both' | 'paired';
  /** Paths the walk itself makes differ (a paired write's own id, name, time), never a backend difference. */
  ignore?: string[];
  remember?: (side: Side, body: { id?: string; nextCursor?: string | null }, memory: Memory) => void;
}

const UNKNOWN_ID = randomUUID();
/** Not a version 4 UUID in some way each; the last is a v4 in capitals, which the pipe accepts. */
const MALFORMED_IDS = ['not-a-uuid', '123', '6ba7b810-9dad-11d1-80b4-00c04fd430c8', '00000000-0000-0000-0000-000000000000', 'a%20b'];

const cursorOf = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A cursor the API never issues, dated in a form only JavaScript's lenient Date reads (PD-3). */
export const LENIENT_DATE_CURSOR = `cursor=${cursorOf(['Jan 1 2026', 'x'])}`;

export const PAGE_QUERIES = [
  'limit=0',
  'limit=101',
  'limit=abc',
  'limit=1.5',
  'limit=',
  'limit=-1',
  'limit=1',
  'limit=100',
  'limit=%201%20',
  'limit=1e1',
  'limit=0x10',
  'limit=Infinity',
  'limit=%2B5',
  'limit=%0A5',
  'limit=.5e1',
  'limit=5n',
  'limit=-0',
  'limit=1&limit=2',
  'page=2',
  'cursor=',
  'cursor=zzz',
  `cursor=${'a'.repeat(201)}`,
  `cursor=${cursorOf({ a: 1 })}`,
  `cursor=${cursorOf(['not a date', 'x'])}`,
  `cursor=${cursorOf(['2026-01-01T00:00:00.000Z', 5])}`,
  `cursor=${cursorOf(['2026-01-01T00:00:00.000Z', 'x'])}`,
  `cursor=${cursorOf(['2026-01-01', 'x'])}`,
  `cursor=${cursorOf(['2026-01-01T00:00:00+02:00', 'x'])}`,
  `cursor=${cursorOf(['2026-01-01T10:00', 'x'])}`,
  `cursor=${cursorOf(['2026-02-30', 'x'])}`,
  `cursor=${cursorOf([1767225600000, 'x'])}`,
  `cursor=${cursorOf([null, 'x'])}`,
  `cursor=${cursorOf('ab')}`,
  LENIENT_DATE_CURSOR,
  'cursor=a&cursor=b',
];

const deep = (levels: number): string => `{"name":${'['.repeat(levels)}${']'.repeat(levels)}}`;

/** Bodies POST /spaces refuses (400) or finds taken (409): nothing is written. */
const BAD_SPACE_BODIES: Array<{ label: string; body?: unknown; rawBody?: string }> = [
  { label: 'empty object', body: {} },
  { label: 'empty name', body: { name: '' } },
  { label: 'leading space', body: { name: ' x' } },
  { label: 'leading no-break space', body: { name: '\u00a0x' } },
  { label: 'name of 121 characters', body: { name: 'n'.repeat(121) } },
  { label: '61 emoji (122 UTF-16 units)', body: { name: '\u{1F600}'.repeat(61) } },
  { label: 'a line break inside', body: { name: 'a\nb' } },
  { label: 'number name', body: { name: 5 } },
  { label: 'null name', body: { name: null } },
  { label: 'number description', body: { name: 'Numbers', description: 5 } },
  { label: 'long description', body: { name: 'Long one', description: 'd'.repeat(1001) } },
  { label: 'unknown field', body: { name: 'Extra', extra: 1 } },
  { label: 'array body', body: [] },
  { label: 'string body', rawBody: '"text"' },
  { label: 'null body', rawBody: 'null' },
  { label: 'malformed JSON', rawBody: '{"name":' },
  { label: 'empty JSON body', rawBody: '' },
  { label: 'a body of spaces', rawBody: '   ' },
  { label: 'a byte order mark first', rawBody: '\ufeff{"name":""}' },
  { label: 'a huge number', rawBody: '{"name":1e400}' },
  { label: 'nesting deeper than 32', rawBody: deep(40) },
  { label: 'nesting of 32', rawBody: deep(31) },
  { label: 'text after the JSON', rawBody: '{"name":"Trailing"} x' },
  { label: 'a __proto__ key', rawBody: '{"name":"Proto","__proto__":{"polluted":true}}' },
  { label: 'a constructor.prototype key', rawBody: '{"name":"Ctor","constructor":{"prototype":{}}}' },
  { label: 'a name that repeats', rawBody: '{"name":"","name":"Alpha"}' },
  { label: 'taken name', body: { name: 'Alpha' } },
  { label: 'taken name in other case', body: { name: 'ALPHA' } },
];

const BAD_UPDATE_BODIES: Array<{ label: string; body?: unknown; rawBody?: string }> = [
  { label: 'null name', body: { name: null } },
  { label: 'empty name', body: { name: '' } },
  { label: 'null description', body: { description: null } },
  { label: 'number description', body: { description: 5 } },
  { label: 'unknown field', body: { colour: 'red' } },
  { label: 'array body', body: [1] },
  { label: 'malformed JSON', rawBody: '{' },
];

const BAD_USER_BODIES: Array<{ label: string; body?: unknown; rawBody?: string }> = [
  { label: 'empty object', body: {} },
  { label: 'short username and password, unknown role', body: { username: 'x', password: 'short', role: 'boss' } },
  { label: 'username with a space', body: { username: 'has space', password: 'long-enough-password', role: 'member' } },
  { label: 'password of 7 emoji (14 UTF-16 units)', body: { username: 'emoji-pass', password: '\u{1F600}'.repeat(7), role: 'member' } },
  { label: 'password of 257 characters', body: { username: 'long-pass', password: 'p'.repeat(257), role: 'member' } },
  { label: 'number password', body: { username: 'num-pass', password: 123456789012, role: 'member' } },
  { label: 'unknown field', body: { username: 'extra', password: 'long-enough-password', role: 'member', admin: true } },
  { label: 'non-ASCII username', body: { username: 'ünïcode', password: 'long-enough-password', role: 'member' } },
  { label: 'null role', body: { username: 'null-role', password: 'long-enough-password', role: null } },
  { label: 'role in capitals', body: { username: 'caps-role', password: 'long-enough-password', role: 'Admin' } },
  { label: 'username of 65 characters', body: { username: 'u'.repeat(65), password: 'long-enough-password', role: 'member' } },
  { label: 'taken username in other case', body: { username: 'MIA', password: 'long-enough-password', role: 'viewer' } },
  { label: 'taken username', body: { username: 'mia', password: 'long-enough-password', role: 'viewer' } },
  { label: 'malformed JSON', rawBody: '[' },
];

export function walkSteps(world: World): Step[] {
  const { users, spaces } = world;
  const steps: Step[] = [];
  const both = (step: Omit<Step, 'mode'>) => steps.push({ ...step, mode: 'both' });
  const callers: Actor[] = ['owner', 'admin', 'member', 'viewer', 'globex'];
  const space = (id: string) => `/api/v1/spaces/${id}`;
  const namedSpaces = Object.entries(spaces);

  // Identity: no credential, and one that does not verify, on every route.
  const someId = spaces.alpha;
  const everyRoute: Array<[RouteKey, string, string, unknown?]> = [
    ['GET /api/v1/spaces', 'GET', '/api/v1/spaces'],
    ['POST /api/v1/spaces', 'POST', '/api/v1/spaces', { name: 'Nobody' }],
    ['GET /api/v1/spaces/:id', 'GET', space(someId)],
    ['PATCH /api/v1/spaces/:id', 'PATCH', space(someId), { description: 'nobody' }],
    ['DELETE /api/v1/spaces/:id', 'DELETE', space(someId)],
    ['PUT /api/v1/spaces/:id/members/:userId', 'PUT', `${space(someId)}/members/${users.sam}`, { role: 'viewer' }],
    ['GET /api/v1/users', 'GET', '/api/v1/users'],
    ['POST /api/v1/users', 'POST', '/api/v1/users', { username: 'nobody', password: 'long-enough-password', role: 'member' }],
    ['PATCH /api/v1/users/:id', 'PATCH', `/api/v1/users/${users.sam}`, { role: 'viewer' }],
    ['DELETE /api/v1/users/:id/sessions', 'DELETE', `/api/v1/users/${users.sid}/sessions`],
  ];
  for (const [route, method, path, body] of everyRoute)
    for (const actor of ['anonymous', 'forged'] as const) both({ route, name: `${actor} caller`, actor, method, path, body });
  // A body is parsed before the credential is looked at, and an unknown route is unknown to anyone.
  both({
    route: 'POST /api/v1/spaces',
    name: 'anonymous caller with malformed JSON',
    actor: 'anonymous',
    method: 'POST',
    path: '/api/v1/spaces',
    rawBody: '{',
  });
  both({ route: 'no such route', name: 'anonymous caller', actor: 'anonymous', method: 'GET', path: `/api/v1/users/${users.sam}` });

  // Lists: every caller, every page query, and a whole pagination followed cursor by cursor.
  for (const [route, base] of [
    ['GET /api/v1/spaces', '/api/v1/spaces'],
    ['GET /api/v1/users', '/api/v1/users'],
  ] as const) {
    for (const actor of callers) both({ route, name: `${actor} lists`, actor, method: 'GET', path: base });
    for (const query of PAGE_QUERIES)
      both({
        route,
        name: `query ${query.length > 80 ? `${query.slice(0, 80)}…` : query}`,
        actor: 'owner',
        method: 'GET',
        path: `${base}?${query}`,
      });
    // Past the last page the cursor is null and the step sends an empty one, which asks for the first page again.
    for (const actor of ['owner', 'member'] as const) {
      const key = `${base} ${actor}`;
      both({
        route,
        name: `${actor} page 1 of 2 items`,
        actor,
        method: 'GET',
        path: `${base}?limit=2`,
        remember: (side, body, memory) => {
          memory.cursors[key] = { ...memory.cursors[key], [side]: body.nextCursor ?? null } as Record<Side, string | null>;
        },
      });
      for (let page = 2; page <= 6; page++)
        both({
          route,
          name: `${actor} page ${page} of 2 items`,
          actor,
          method: 'GET',
          path: (side, memory) => {
            const cursor = memory.cursors[key]?.[side];
            return cursor ? `${base}?limit=2&cursor=${cursor}` : `${base}?limit=2&cursor=`;
          },
          remember: (side, body, memory) => {
            memory.cursors[key] = { ...memory.cursors[key], [side]: body.nextCursor ?? null } as Record<Side, string | null>;
          },
        });
    }
  }

  // Reading one space: every caller against every kind of space, then malformed and unknown ids.
  for (const actor of callers)
    for (const [label, id] of namedSpaces)
      both({ route: 'GET /api/v1/spaces/:id', name: `${actor} reads ${label}`, actor, method: 'GET', path: space(id) });
  // Query parameters on a route that takes none, and an id with a percent-encoded character.
  both({
    route: 'GET /api/v1/spaces/:id',
    name: 'owner reads alpha with a query',
    actor: 'owner',
    method: 'GET',
    path: `${space(spaces.alpha)}?limit=abc`,
  });
  both({
    route: 'GET /api/v1/spaces/:id',
    name: 'owner reads alpha percent-encoded',
    actor: 'owner',
    method: 'GET',
    path: space(`%${spaces.alpha.charCodeAt(0).toString(16)}${spaces.alpha.slice(1)}`),
  });
  for (const id of [...MALFORMED_IDS, UNKNOWN_ID, spaces.alpha.toUpperCase()])
    both({ route: 'GET /api/v1/spaces/:id', name: `owner reads ${id}`, actor: 'owner', method: 'GET', path: space(id) });

  // Creating spaces: bad bodies, roles, and paired creations each side makes on its own.
  for (const bad of BAD_SPACE_BODIES)
    both({
      route: 'POST /api/v1/spaces',
      name: `owner posts ${bad.label}`,
      actor: 'owner',
      method: 'POST',
      path: '/api/v1/spaces',
      body: bad.body,
      rawBody: bad.rawBody,
    });
  both({
    route: 'POST /api/v1/spaces',
    name: 'viewer posts an empty object',
    actor: 'viewer',
    method: 'POST',
    path: '/api/v1/spaces',
    body: {},
  });
  both({
    route: 'POST /api/v1/spaces',
    name: 'viewer posts a good body',
    actor: 'viewer',
    method: 'POST',
    path: '/api/v1/spaces',
    body: { name: 'No' },
  });
  const pairedSpaceIgnore = ['/body/id', '/body/name', '/body/createdAt', '/body/updatedAt'];
  const createSpace = (key: string, actor: Actor, bodyFor: (side: Side) => unknown) =>
    steps.push({
      route: 'POST /api/v1/spaces',
      name: `${actor} creates ${key}`,
      actor,
      method: 'POST',
      path: '/api/v1/spaces',
      bodyFor,
      mode: 'paired',
      ignore: pairedSpaceIgnore,
      remember: (side, body, memory) => {
        memory.ids[key] = { ...memory.ids[key], [side]: body.id } as Record<Side, string>;
      },
    });
  createSpace('doomed', 'owner', (side) => ({ name: `Doomed (${side})`, description: 'made to be deleted' }));
  createSpace('null-description', 'admin', (side) => ({ name: `Null description (${side})`, description: null }));
  createSpace('members-own', 'member', (side) => ({ name: `\u{1F600} by a member (${side})` }));
  const created = (key: string, of: Side) => (_side: Side, memory: Memory) => space(memory.ids[key]?.[of] ?? 'missing');
  for (const key of ['doomed', 'null-description', 'members-own'])
    for (const maker of ['switchyard', 'twin'] as const)
      for (const actor of ['owner', 'member'] as const)
        both({
          route: 'GET /api/v1/spaces/:id',
          name: `${actor} reads ${key} made by ${maker}`,
          actor,
          method: 'GET',
          path: created(key, maker),
        });
  both({
    route: 'GET /api/v1/spaces',
    name: 'owner lists after creations',
    actor: 'owner',
    method: 'GET',
    path: '/api/v1/spaces?limit=100',
  });

  // Changing spaces: every caller against every kind of space, bad bodies, taken names.
  for (const actor of callers)
    for (const [label, id] of namedSpaces)
      both({
        route: 'PATCH /api/v1/spaces/:id',
        name: `${actor} patches ${label}`,
        actor,
        method: 'PATCH',
        path: space(id),
        body: { description: `patched by ${actor}` },
        ignore: ['/body/updatedAt'],
      });
  for (const bad of BAD_UPDATE_BODIES) {
    both({
      route: 'PATCH /api/v1/spaces/:id',
      name: `owner patches with ${bad.label}`,
      actor: 'owner',
      method: 'PATCH',
      path: space(spaces.alpha),
      body: bad.body,
      rawBody: bad.rawBody,
    });
    both({
      route: 'PATCH /api/v1/spaces/:id',
      name: `owner patches an unknown id with ${bad.label}`,
      actor: 'owner',
      method: 'PATCH',
      path: space(UNKNOWN_ID),
      body: bad.body,
      rawBody: bad.rawBody,
    });
  }
  for (const id of MALFORMED_IDS)
    both({
      route: 'PATCH /api/v1/spaces/:id',
      name: `owner patches ${id} with a bad body`,
      actor: 'owner',
      method: 'PATCH',
      path: space(id),
      body: { name: '' },
    });
  both({
    route: 'PATCH /api/v1/spaces/:id',
    name: 'owner renames alpha to a taken name',
    actor: 'owner',
    method: 'PATCH',
    path: space(spaces.alpha),
    body: { name: 'Beta' },
  });
  both({
    route: 'PATCH /api/v1/spaces/:id',
    name: 'owner renames gamma and back',
    actor: 'owner',
    method: 'PATCH',
    path: space(spaces.gamma),
    body: { name: 'Gamma renamed', description: '' },
    ignore: ['/body/updatedAt'],
  });
  both({
    route: 'PATCH /api/v1/spaces/:id',
    name: 'owner patches nothing',
    actor: 'owner',
    method: 'PATCH',
    path: space(spaces.delta),
    body: {},
  });
  for (const [label, id] of namedSpaces)
    both({ route: 'GET /api/v1/spaces/:id', name: `owner reads ${label} after changes`, actor: 'owner', method: 'GET', path: space(id) });

  // Memberships.
  const member = (spaceId: string, userId: string) => `${space(spaceId)}/members/${userId}`;
  for (const actor of callers)
    for (const [label, id] of namedSpaces)
      both({
        route: 'PUT /api/v1/spaces/:id/members/:userId',
        name: `${actor} makes sam a viewer of ${label}`,
        actor,
        method: 'PUT',
        path: member(id, users.sam),
        body: { role: 'viewer' },
      });
  const putMember: Array<[string, string, unknown]> = [
    ['unknown role', member(spaces.delta, users.sam), { role: 'boss' }],
    ['no role', member(spaces.delta, users.sam), {}],
    ['unknown field', member(spaces.delta, users.sam), { role: 'member', since: 'today' }],
    ['unknown user', member(spaces.delta, UNKNOWN_ID), { role: 'member' }],
    ["another tenant's user", member(spaces.delta, users.gus), { role: 'member' }],
    ['a tenant id as user', member(spaces.delta, spaces.globex), { role: 'member' }],
    ['unknown space', member(UNKNOWN_ID, users.sam), { role: 'member' }],
    ["another tenant's space", member(spaces.globex, users.sam), { role: 'member' }],
    ['malformed space id', member('nope', users.sam), { role: 'boss' }],
    ['malformed user id', member(spaces.delta, 'nope'), { role: 'boss' }],
    ['a number role', member(spaces.delta, users.sam), { role: 1 }],
    ['a null role', member(spaces.delta, users.sam), { role: null }],
    ['a role in capitals', member(spaces.delta, users.sam), { role: 'Viewer' }],
    ['an array of roles', member(spaces.delta, users.sam), { role: ['viewer'] }],
    ['owner role', member(spaces.delta, users.sam), { role: 'owner' }],
    ['admin role', member(spaces.delta, users.sam), { role: 'admin' }],
  ];
  for (const [name, path, body] of putMember)
    both({ route: 'PUT /api/v1/spaces/:id/members/:userId', name: `owner sets ${name}`, actor: 'owner', method: 'PUT', path, body });
  both({
    route: 'PUT /api/v1/spaces/:id/members/:userId',
    name: 'member (space admin) makes sam a member of gamma',
    actor: 'member',
    method: 'PUT',
    path: member(spaces.gamma, users.sam),
    body: { role: 'member' },
  });
  both({
    route: 'GET /api/v1/spaces',
    name: 'member lists after memberships',
    actor: 'member',
    method: 'GET',
    path: '/api/v1/spaces?limit=100',
  });

  // Deleting spaces: refusals on every kind of space, then paired deletions each side makes of its own.
  // Refusals only: the member may delete its own space and gamma (space admin), globex's owner globex's space,
  // and owners and admins anything; those would succeed on the first side only.
  const mayDelete = (actor: Actor, label: string) =>
    actor === 'owner' ||
    actor === 'admin' ||
    (actor === 'member' && (label === 'own' || label === 'gamma')) ||
    (actor === 'globex' && label === 'globex');
  for (const actor of callers)
    for (const [label, id] of namedSpaces.filter(([label]) => !mayDelete(actor, label)))
      both({ route: 'DELETE /api/v1/spaces/:id', name: `${actor} deletes ${label}`, actor, method: 'DELETE', path: space(id) });
  for (const id of [...MALFORMED_IDS, UNKNOWN_ID, spaces.globex])
    both({ route: 'DELETE /api/v1/spaces/:id', name: `owner deletes ${id}`, actor: 'owner', method: 'DELETE', path: space(id) });
  steps.push({
    route: 'DELETE /api/v1/spaces/:id',
    name: 'owner deletes the doomed space its side made',
    actor: 'owner',
    method: 'DELETE',
    path: (side, memory) => space(memory.ids.doomed?.[side] ?? 'missing'),
    mode: 'paired',
  });
  steps.push({
    route: 'DELETE /api/v1/spaces/:id',
    name: 'member deletes the space it made on its side (space owner)',
    actor: 'member',
    method: 'DELETE',
    path: (side, memory) => space(memory.ids['members-own']?.[side] ?? 'missing'),
    mode: 'paired',
  });
  for (const key of ['doomed', 'members-own'])
    for (const maker of ['switchyard', 'twin'] as const)
      both({
        route: 'GET /api/v1/spaces/:id',
        name: `owner reads deleted ${key} made by ${maker}`,
        actor: 'owner',
        method: 'GET',
        path: created(key, maker),
      });

  // Users: bad bodies, roles, then paired creations.
  for (const bad of BAD_USER_BODIES)
    both({
      route: 'POST /api/v1/users',
      name: `owner posts ${bad.label}`,
      actor: 'owner',
      method: 'POST',
      path: '/api/v1/users',
      body: bad.body,
      rawBody: bad.rawBody,
    });
  both({
    route: 'POST /api/v1/users',
    name: 'admin creates an owner',
    actor: 'admin',
    method: 'POST',
    path: '/api/v1/users',
    body: { username: 'would-be-owner', password: 'long-enough-password', role: 'owner' },
  });
  for (const actor of ['member', 'viewer'] as const)
    both({
      route: 'POST /api/v1/users',
      name: `${actor} posts a bad body`,
      actor,
      method: 'POST',
      path: '/api/v1/users',
      body: { username: 'x' },
    });
  for (const [actor, role] of [
    ['owner', 'owner'],
    ['admin', 'viewer'],
  ] as const)
    steps.push({
      route: 'POST /api/v1/users',
      name: `${actor} creates a user with role ${role}`,
      actor,
      method: 'POST',
      path: '/api/v1/users',
      bodyFor: (side) => ({ username: `walk-${actor}-${side}`, password: 'walk-pässwörd-1234', role }),
      mode: 'paired',
      ignore: ['/body/id', '/body/username', '/body/createdAt'],
    });
  both({ route: 'GET /api/v1/users', name: 'owner lists after creations', actor: 'owner', method: 'GET', path: '/api/v1/users?limit=100' });

  // Role changes: guard, ids, bodies, then the owner rules; successes change subjects only.
  const user = (id: string) => `/api/v1/users/${id}`;
  const patchUser: Array<[Actor, string, string, unknown]> = [
    ['member', 'member changes sam', user(users.sam), { role: 'viewer' }],
    ['viewer', 'viewer changes a malformed id', user('nope'), { role: 'boss' }],
    ['owner', 'owner changes a malformed id', user('nope'), { role: 'boss' }],
    ['owner', 'owner sends an unknown role to an unknown id', user(UNKNOWN_ID), { role: 'boss' }],
    ['owner', 'owner sends no role', user(users.sam), {}],
    ['owner', 'owner sends an unknown field', user(users.sam), { role: 'viewer', username: 'renamed' }],
    ['owner', 'owner sends an array', user(users.sam), ['viewer']],
    ['owner', 'owner sends a role in capitals', user(users.sam), { role: 'Viewer' }],
    ['owner', 'owner sends a number role', user(users.sam), { role: 2 }],
    ['owner', 'owner changes an unknown id', user(UNKNOWN_ID), { role: 'viewer' }],
    ['owner', "owner changes another tenant's user", user(users.gus), { role: 'viewer' }],
    ['admin', 'admin unmakes an owner', user(users.olga), { role: 'admin' }],
    ['admin', 'admin makes an owner', user(users.sam), { role: 'owner' }],
    ['globex', 'the only owner of globex steps down', user(users.globex), { role: 'admin' }],
    ['owner', 'owner makes sam a viewer', user(users.sam), { role: 'viewer' }],
    ['admin', 'admin makes sam a member again', user(users.sam), { role: 'member' }],
    ['admin', 'admin keeps sam a member', user(users.sam), { role: 'member' }],
    ['owner', 'owner unmakes the second owner', user(users.olga), { role: 'admin' }],
    ['owner', 'owner makes her an owner again', user(users.olga), { role: 'owner' }],
  ];
  for (const [actor, name, path, body] of patchUser) both({ route: 'PATCH /api/v1/users/:id', name, actor, method: 'PATCH', path, body });
  both({
    route: 'PATCH /api/v1/users/:id',
    name: 'member sends malformed JSON',
    actor: 'member',
    method: 'PATCH',
    path: user(users.sam),
    rawBody: '{"role":',
  });
  both({
    route: 'PATCH /api/v1/users/:id',
    name: 'owner sends malformed JSON',
    actor: 'owner',
    method: 'PATCH',
    path: user(users.sam),
    rawBody: '{"role":',
  });
  both({
    route: 'GET /api/v1/users',
    name: 'owner lists after role changes',
    actor: 'owner',
    method: 'GET',
    path: '/api/v1/users?limit=100',
  });

  // Ending sessions: 403 before 404 for non-administrators, then the subject's; self last, with its own caller.
  const sessions = (id: string) => `/api/v1/users/${id}/sessions`;
  const endSessions: Array<[Actor, string, string]> = [
    ['member', "member ends sid's sessions", sessions(users.sid)],
    ['member', 'member ends an unknown id', sessions(UNKNOWN_ID)],
    ['viewer', 'viewer ends a malformed id', sessions('nope')],
    ['admin', 'admin ends an unknown id', sessions(UNKNOWN_ID)],
    ['admin', "admin ends another tenant's user", sessions(users.gus)],
    ['owner', "owner ends sid's sessions", sessions(users.sid)],
    ['admin', "admin ends sid's sessions", sessions(users.sid)],
  ];
  for (const [actor, name, path] of endSessions) both({ route: 'DELETE /api/v1/users/:id/sessions', name, actor, method: 'DELETE', path });

  // Routes neither backend has.
  for (const [method, path] of [
    ['GET', user(users.sam)],
    ['PUT', '/api/v1/spaces'],
    ['POST', sessions(users.sid)],
    ['GET', `${space(spaces.alpha)}/members`],
    ['GET', `/api/v1/spaces/${spaces.alpha}/x?limit=1`],
    ['GET', '/api/v1/space'],
    ['GET', '/api/v1/spaces/'],
    ['GET', '/api/v1/users/'],
    ['GET', '/api/v1//spaces'],
  ])
    both({ route: 'no such route', name: `${method} ${path}`, actor: 'owner', method, path });

  both({
    route: 'DELETE /api/v1/users/:id/sessions',
    name: 'a user ends its own sessions',
    actor: 'leaver',
    method: 'DELETE',
    path: sessions(users.leaver),
  });
  return steps;
}
