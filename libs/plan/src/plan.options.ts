import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const PLAN_FILE_FROM_ROOT = 'openspec/changes/refactor-backend-to-go/tasks.md';

/** Where the plan lives; the injection token of `PlanModule.forRoot`. */
export class PlanOptions {
  constructor(readonly file: string) {}
}

/**
 * The repository's real tasks.md, found by walking up from this file so that it works from
 * `libs/plan/src` under ts-node and from `dist/...` after a build, whatever the working directory.
 */
export function resolveDefaultPlanFile(startDirectory: string = __dirname): string {
  let directory = resolve(startDirectory);
  for (;;) {
    const candidate = join(directory, PLAN_FILE_FROM_ROOT);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) return resolve(PLAN_FILE_FROM_ROOT);
    directory = parent;
  }
}
