/** The lib or app a stack trace starts in: `libs/tenancy`, `apps/api`, or `unknown`. */
export function originModule(stack: string | undefined): string {
  const frame = stack?.split('\n').find((line) => /[/\\](libs|apps)[/\\][^/\\]+[/\\]/.test(line) && !line.includes('node_modules'));
  const match = frame?.match(/[/\\](libs|apps)[/\\]([^/\\]+)[/\\]/);
  return match ? `${match[1]}/${match[2]}` : 'unknown';
}
