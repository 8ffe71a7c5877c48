import { parseAllDocuments } from 'yaml';
import { filesUnder, readRepositoryFile } from './deploy-files';

const YAML_FILES = filesUnder('deploy').filter((path) => /\.ya?ml$/.test(path));

describe('YAML files in deploy/', () => {
  it('should find the compose file, the collector config and the Kubernetes manifests', () => {
    expect(YAML_FILES).toEqual(
      expect.arrayContaining(['deploy/compose.yaml', 'deploy/otel-collector/config.yaml', 'deploy/kubernetes/deployment.yaml']),
    );
  });

  it.each(YAML_FILES)('should parse %s without errors, warnings or duplicate keys', (path) => {
    const documents = parseAllDocuments(readRepositoryFile(path), { merge: true, uniqueKeys: true });

    const problems = documents.flatMap((document) => [...document.errors, ...document.warnings].map((problem) => problem.message));

    expect(problems).toEqual([]);
    expect(documents.length).toBeGreaterThan(0);
    expect(documents.every((document) => document.toJS() !== null)).toBe(true);
  });
});
