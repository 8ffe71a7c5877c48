import { join } from 'node:path';
import ts from 'typescript';
import { ROOT } from './deploy-files';

/** Where kubernetes-models declares the interface of each kind (its generated TypeScript types). */
const DECLARATIONS: Record<string, { module: string; type: string }> = {
  'v1/ConfigMap': { module: 'kubernetes-models/v1/ConfigMap', type: 'IConfigMap' },
  'v1/Secret': { module: 'kubernetes-models/v1/Secret', type: 'ISecret' },
  'v1/Service': { module: 'kubernetes-models/v1/Service', type: 'IService' },
  'apps/v1/Deployment': { module: 'kubernetes-models/apps/v1/Deployment', type: 'IDeployment' },
  'policy/v1/PodDisruptionBudget': { module: 'kubernetes-models/policy/v1/PodDisruptionBudget', type: 'IPodDisruptionBudget' },
  'autoscaling/v2/HorizontalPodAutoscaler': {
    module: 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
    type: 'IHorizontalPodAutoscaler',
  },
};

/**
 * The OpenAPI schemas the models validate against allow unknown fields, as the API server's lenient
 * decoding does; `kubectl apply` and kubeconform's strict mode do not. The generated interfaces name
 * every field, so each object is written as a TypeScript literal of its kind's interface and the
 * compiler's excess-property check reports any field the API does not define, with its path.
 */
export function unknownKubernetesFields(objects: ReadonlyArray<{ path: string; object: Record<string, unknown> }>): string[] {
  const file = join(ROOT, 'test', 'deploy', '__kubernetes-objects__.ts');
  const imports = new Set<string>();
  const declarations = objects.map(({ object }, index) => {
    const declaration = DECLARATIONS[`${object.apiVersion as string}/${object.kind as string}`];
    if (!declaration) throw new Error(`No declaration for ${object.apiVersion as string}/${object.kind as string}`);
    imports.add(`import type { ${declaration.type} } from '${declaration.module}';`);
    return `export const object${index}: ${declaration.type} = ${JSON.stringify(object, null, 2)};`;
  });
  const header = [...imports];
  const source = [...header, ...declarations].join('\n');
  // The line each object's literal starts on, to name the file a diagnostic belongs to.
  const firstLines = declarations.reduce<number[]>(
    (starts, _, index) => [...starts, index === 0 ? header.length : starts[index - 1]! + declarations[index - 1]!.split('\n').length],
    [],
  );
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (name) => name === file || ts.sys.fileExists(name);
  host.readFile = (name) => (name === file ? source : readFile(name));
  host.getSourceFile = (name, languageVersion, ...rest) =>
    name === file ? ts.createSourceFile(name, source, languageVersion, true) : getSourceFile(name, languageVersion, ...rest);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const line =
      diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line : -1;
    const index = firstLines.findLastIndex((start) => start <= line);
    const where = objects[index] ? `${objects[index].path} (${objects[index].object.kind as string})` : 'the generated file';
    return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  });
}
