export { CONSOLE_CSP, CONSOLE_PATH, serveConsole } from './console.assets';
export { consoleConfig, ConsoleConfig } from './config/console.config';
export { CONSOLE_BUILD_FROM_ROOT, defaultConsoleDirectory } from './console.directory';
