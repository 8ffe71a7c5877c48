import { LENIENT_DATE_CURSOR } from './walk-steps';

/**
 * The deliberate differences between Switchyard's and the legacy twin's answers, as the parity walk
 * (../parity-walk.e2e-spec.ts) sees them. Each entry is explained in docs/parity-differences.md under
 * its id; a difference the walk finds that no entry allows fails the walk, and so does an entry the
 * walk never needed (the list stays exactly as long as the truth).
 */
export interface AllowedDifference {
  /** The heading in docs/parity-differences.md. */
  id: string;
  /** `METHOD /path/with/:params` as the walk names routes, or `*` for every route. */
  route: string;
  /** An ignore pattern (libs/routing-gateway/src/document/core/ignore-path.matcher.ts) over `{ status, contentType, body }`. */
  path: string;
  /** Only on answers Switchyard gives with this status. */
  status?: number;
  /** Only in the walk step of this name (a difference one input shows, not the whole route). */
  step?: string;
}

export const ALLOWED_DIFFERENCES: readonly AllowedDifference[] = [
  // The credential differs by design: a bearer token at Switchyard, signed identity headers at legacy.
  { id: 'PD-1', route: '*', path: '/body/message', status: 401 },
  // A cursor the API never issued, whose date only JavaScript's implementation-defined Date parsing reads.
  ...(['GET /api/v1/spaces', 'GET /api/v1/users'] as const).flatMap((route) =>
    ['/status', '/body'].map((path) => ({ id: 'PD-3', route, path, step: `query ${LENIENT_DATE_CURSOR}` })),
  ),
];
