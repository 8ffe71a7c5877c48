/** The oldest Node.js major Switchyard runs on; package.json `engines`, `.nvmrc` and `.node-version` say the same. */
export const SUPPORTED_NODE_MAJOR = 24;

/** Why this Node.js version cannot run Switchyard, or undefined when it can. */
export function unsupportedRuntime(version: string): string | undefined {
  const major = Number.parseInt(version.replace(/^v/, ''), 10);
  if (major >= SUPPORTED_NODE_MAJOR) return undefined;
  return (
    `Switchyard needs Node.js ${SUPPORTED_NODE_MAJOR} LTS or later; this is Node.js ${version}. ` +
    `npm start and npm test use the Node.js ${SUPPORTED_NODE_MAJOR} that npm install puts in node_modules/.bin; ` +
    `to start the built files without npm, use that binary (npx node …) or install Node.js ${SUPPORTED_NODE_MAJOR}.`
  );
}
