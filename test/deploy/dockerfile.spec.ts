import { PLAN_FILE_FROM_ROOT } from '@switchyard/plan';
import { SUPPORTED_NODE_MAJOR } from '../../apps/api/src/runtime';
import { DockerfileParser, Env, Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HEALTH_ROUTES, isReadByTheApp, listeningConfigOf } from './app-facts';
import { ROOT, readRepositoryFile } from './deploy-files';

const TEXT = readRepositoryFile('deploy/Dockerfile');
const DOCKERFILE = DockerfileParser.parse(TEXT);
const PACKAGE = JSON.parse(readRepositoryFile('package.json')) as {
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};
const LOCK = JSON.parse(readRepositoryFile('package-lock.json')) as { packages: Record<string, { dev?: boolean }> };

interface Stage {
  name: string | null;
  base: string;
  instructions: Instruction[];
}

/** The build stages in order, each with the instructions between its FROM and the next. */
const STAGES: Stage[] = DOCKERFILE.getInstructions().reduce<Stage[]>((stages, instruction) => {
  if (instruction.getKeyword() === 'FROM') {
    const from = DOCKERFILE.getFROMs().find((candidate) => candidate.getRange().start.line === instruction.getRange().start.line)!;
    return [...stages, { name: from.getBuildStage(), base: from.getImage() ?? '', instructions: [] }];
  }
  stages.at(-1)?.instructions.push(instruction);
  return stages;
}, []);
const RUNTIME = STAGES.at(-1)!;

const argumentsOf = (instruction: Instruction): string[] => instruction.getArguments().map((argument) => argument.getValue());
const keyword = (stage: Stage, name: string): Instruction[] =>
  stage.instructions.filter((instruction) => instruction.getKeyword() === name);
const runs = (stage: Stage): string =>
  keyword(stage, 'RUN')
    .map((run) => argumentsOf(run).join(' '))
    .join('\n');
/** The exec-form array after an instruction's keyword (and CMD, for HEALTHCHECK). */
const execForm = (instruction: Instruction): string[] => {
  const json = /(\[.*\])\s*$/s.exec(instruction.getArgumentsContent() ?? '')?.[1];
  return json ? (JSON.parse(json) as string[]) : [];
};
/** ENV of the runtime stage, as the container starts with it. */
const RUNTIME_ENV: Record<string, string> = Object.fromEntries(
  keyword(RUNTIME, 'ENV').flatMap((env) => (env as Env).getProperties().map((property) => [property.getName(), property.getValue() ?? ''])),
);

describe('deploy/Dockerfile', () => {
  it('should raise no diagnostics in the Dockerfile language service', () => {
    const diagnostics = validate(TEXT);

    expect(diagnostics.map((diagnostic) => `line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`)).toEqual([]);
  });

  describe('stages', () => {
    it('should install dependencies, build and run in three stages', () => {
      const names = STAGES.map((stage) => stage.name);

      expect(names).toEqual(['deps', 'build', 'runtime']);
    });

    it('should base the first and last stages on the Node.js 24 slim image of the version npm test runs on', () => {
      const defaultImage = DOCKERFILE.getARGs()
        .flatMap((arg) => arg.getProperties())
        .find((property) => property.getName() === 'NODE_IMAGE')
        ?.getValue();

      const [, version] = /^node:(\d+\.\d+\.\d+)-[a-z]+-slim(@sha256:[0-9a-f]{64})?$/.exec(defaultImage ?? '') ?? [];

      expect(version).toBe(PACKAGE.devDependencies.node);
      expect(Number.parseInt(version!, 10)).toBe(SUPPORTED_NODE_MAJOR);
      expect(STAGES[0]!.base).toBe('${NODE_IMAGE}');
      expect(RUNTIME.base).toBe('${NODE_IMAGE}');
    });

    it('should install exactly the lock file', () => {
      const deps = STAGES[0]!;

      expect(runs(deps)).toMatch(/\bnpm ci\b/);
      expect(keyword(deps, 'COPY').map(argumentsOf)).toContainEqual(['package.json', 'package-lock.json', './']);
    });

    it('should need no compiler: the only native addon among the production dependencies ships prebuilt binaries for the image', () => {
      const production = Object.entries(LOCK.packages)
        .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev)
        .map(([path]) => path);

      const native = production.filter((path) => existsSync(join(ROOT, path, 'binding.gyp')));

      expect(native).toEqual(['node_modules/better-sqlite3']);
      for (const platform of ['linux-x64', 'linux-arm64']) {
        expect(existsSync(join(ROOT, 'node_modules', 'better-sqlite3', 'prebuilds', `${platform}.node`))).toBe(true);
      }
      expect(STAGES.map(runs).join('\n')).not.toMatch(/apt-get|node-gyp|npm rebuild/);
    });

    it('should build with npm run build and drop the dev dependencies before the runtime stage takes node_modules', () => {
      const build = STAGES[1]!;

      expect(runs(build)).toMatch(/npm run build\b[\s\S]*npm prune --omit=dev/);
      expect(runs(RUNTIME)).not.toMatch(/apt-get|npm (ci|install)/);
    });
  });

  describe('runtime stage', () => {
    it('should run as a numeric non-root user', () => {
      const users = keyword(RUNTIME, 'USER').map((user) => argumentsOf(user)[0]!);

      expect(users).toHaveLength(1);
      expect(users[0]).toMatch(/^[1-9]\d*(:\d+)?$/);
    });

    it("should start with package.json's start command (without its prestart build)", () => {
      const commands = keyword(RUNTIME, 'CMD');

      expect(commands).toHaveLength(1);
      expect(execForm(commands[0]!).join(' ')).toBe(PACKAGE.scripts.start);
      expect(keyword(RUNTIME, 'ENTRYPOINT')).toEqual([]);
    });

    it('should start files that the build compiles from the sources', () => {
      const scripts = execForm(keyword(RUNTIME, 'CMD')[0]!).filter((part) => part.endsWith('.js'));

      const sources = scripts.map((script) =>
        script
          .replace(/^\.\//, '')
          .replace(/^dist\//, '')
          .replace(/\.js$/, '.ts'),
      );

      expect(sources).toEqual(['apps/api/src/tracing.ts', 'apps/api/src/main.ts']);
      expect(sources.filter((source) => !existsSync(join(ROOT, source)))).toEqual([]);
    });

    it('should set NODE_ENV=production and only variables the app reads', () => {
      const names = Object.keys(RUNTIME_ENV);

      expect(RUNTIME_ENV.NODE_ENV).toBe('production');
      expect(names.filter((name) => !isReadByTheApp(name))).toEqual([]);
    });

    it('should expose the HTTP and gRPC ports the app listens on with this environment', () => {
      const listening = listeningConfigOf(RUNTIME_ENV);

      const exposed = keyword(RUNTIME, 'EXPOSE').flatMap(argumentsOf).map(Number);

      expect(exposed.sort()).toEqual([listening.port, listening.grpc.port].sort());
      expect(listening.grpc.host).toBe('0.0.0.0');
    });

    it('should check health with node and fetch against a health route on the HTTP port', () => {
      const checks = keyword(RUNTIME, 'HEALTHCHECK');

      const command = execForm(checks[0]!);
      const url = /fetch\('(http:\/\/127\.0\.0\.1:)' \+ \(process\.env\.PORT \|\| (\d+)\) \+ '(\/[^']+)'\)/.exec(command[2] ?? '');

      expect(checks).toHaveLength(1);
      expect(command.slice(0, 2)).toEqual(['node', '-e']);
      expect(url?.[2]).toBe(String(listeningConfigOf({}).port));
      expect(HEALTH_ROUTES).toContain(url?.[3]);
    });

    it('should copy what the app reads at run time: the build, production node_modules, the protos and the plan', () => {
      const copied = keyword(RUNTIME, 'COPY').map((copy) => argumentsOf(copy).filter((argument) => !argument.startsWith('--')));

      const sources = copied.map((parts) => parts[0]);

      expect(sources).toEqual(['/app/package.json', '/app/node_modules', '/app/dist', 'proto', PLAN_FILE_FROM_ROOT]);
      expect(copied.every((parts) => parts.length === 2)).toBe(true);
      expect(existsSync(join(ROOT, 'proto', 'platform.proto'))).toBe(true);
      expect(existsSync(join(ROOT, PLAN_FILE_FROM_ROOT))).toBe(true);
    });
  });

  describe('build context', () => {
    it('should never copy the whole context, so .env files and local builds cannot reach the image', () => {
      const copies = STAGES.flatMap((stage) => [...keyword(stage, 'COPY'), ...keyword(stage, 'ADD')]);

      const sources = copies.flatMap((copy) =>
        argumentsOf(copy)
          .filter((argument) => !argument.startsWith('--'))
          .slice(0, -1),
      );

      expect(sources.filter((source) => ['.', './', '*', '/'].includes(source))).toEqual([]);
      expect(STAGES.flatMap((stage) => keyword(stage, 'ADD'))).toEqual([]);
    });

    it('should keep node_modules, builds, git data and .env files out of the context', () => {
      const ignored = readRepositoryFile('deploy/Dockerfile.dockerignore')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'));

      expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', 'dist', '.git', '**/.env', '**/.env.*']));
    });
  });
});
