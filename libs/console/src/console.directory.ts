import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Where `npm run build` puts the console (vite build apps/console). */
export const CONSOLE_BUILD_FROM_ROOT = 'dist/console';

/**
 * `<repository>/dist/console`, found by walking up to package.json so it works from `libs/console/src`
 * under ts-node and from `dist/libs/...` after a build, whatever the working directory.
 */
export function defaultConsoleDirectory(startDirectory: string = __dirname): string {
  let directory = resolve(startDirectory);
  for (;;) {
    if (existsSync(join(directory, 'package.json'))) return join(directory, CONSOLE_BUILD_FROM_ROOT);
    const parent = dirname(directory);
    if (parent === directory) return resolve(CONSOLE_BUILD_FROM_ROOT);
    directory = parent;
  }
}
