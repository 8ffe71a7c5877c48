import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseEnv } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';

/** Reading the deployment files: YAML as compose and kubectl read it, .env files, compose's interpolation. */

export const ROOT = join(__dirname, '..', '..');
export const DEPLOY = join(ROOT, 'deploy');

export const readRepositoryFile = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** Every file under a folder of the repository, as repository-relative paths. */
export function filesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .sort();
}

/** One YAML document; merge keys (`<<: *anchor`) resolved as compose resolves them. */
export function readYaml<T = Record<string, unknown>>(path: string): T {
  return parse(readRepositoryFile(path), { merge: true }) as T;
}

export function readYamlDocuments(path: string): Array<Record<string, unknown>> {
  return parseAllDocuments(readRepositoryFile(path), { merge: true }).map((document) => document.toJS() as Record<string, unknown>);
}

/** KEY=VALUE lines as compose and Node read them. */
export const readEnvFile = (path: string): Record<string, string> => parseEnv(readRepositoryFile(path)) as Record<string, string>;

// --- compose interpolation -----------------------------------------------------------------------

const INTERPOLATION = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export interface Interpolation<T> {
  value: T;
  /** `${NAME:?message}` (or `?`) whose variable was missing: compose refuses to start with each message. */
  refusals: Array<{ name: string; message: string }>;
  /** Every variable named, with how it is used. */
  references: Array<{ name: string; operator: string | undefined }>;
}

/** Compose's interpolation of every string in a parsed compose file (`$$`, `$NAME`, `${NAME}`, `:-`, `-`, `:?`, `?`). */
export function interpolate<T>(value: T, variables: Record<string, string | undefined>): Interpolation<T> {
  const refusals: Interpolation<T>['refusals'] = [];
  const references: Interpolation<T>['references'] = [];
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return node.replace(INTERPOLATION, (whole, braced?: string, operator?: string, argument?: string, bare?: string) => {
        if (whole === '$$') return '$';
        const name = (braced ?? bare)!;
        references.push({ name, operator });
        const current = variables[name];
        const missing = operator?.startsWith(':') ? current === undefined || current === '' : current === undefined;
        if (operator?.endsWith('-') && missing) return argument ?? '';
        if (operator?.endsWith('?') && missing) {
          refusals.push({ name, message: argument ?? '' });
          return '';
        }
        return current ?? '';
      });
    }
    if (Array.isArray(node)) return node.map(visit);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, visit(child)]));
    return node;
  };
  return { value: visit(value) as T, refusals, references };
}
