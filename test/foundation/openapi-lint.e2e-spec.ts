import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningApp, startEmbeddedApp } from '../support/app-harness';

const ROOT = join(__dirname, '..', '..');

interface SpectralFinding {
  code: string;
  message: string;
  path: string[];
  severity: number;
}

/** Spectral's CLI with the project's ruleset (`.spectral.yaml`: spectral:oas), as API consumers' tooling runs it. */
function spectralLint(document: unknown): SpectralFinding[] {
  const directory = mkdtempSync(join(tmpdir(), 'swy-openapi-'));
  try {
    const file = join(directory, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const result = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', '@stoplight', 'spectral-cli', 'dist', 'index.js'),
        'lint',
        file,
        '--ruleset',
        join(ROOT, '.spectral.yaml'),
        '--format',
        'json',
        '--quiet',
      ],
      { encoding: 'utf8', env: { ...process.env, SCARF_ANALYTICS: 'false' } },
    );
    if (result.error) throw result.error;
    const output = result.stdout.trim();
    if (!output.startsWith('[')) throw new Error(`spectral did not report: ${result.stdout}${result.stderr}`);
    return JSON.parse(output) as SpectralFinding[];
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe('the OpenAPI document as spectral:oas reads it', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startEmbeddedApp();
  });

  afterAll(async () => {
    await running?.close();
  });

  it('should have no error, warning, information or hint', async () => {
    const document = await (await fetch(`${running.baseUrl}/docs-json`)).json();

    const findings = spectralLint(document).map((finding) => `${finding.code} at ${finding.path.join('.')}: ${finding.message}`);

    expect(findings).toEqual([]);
  });
});
