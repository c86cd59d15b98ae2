import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** The package version, for reports and HAR creators (core and CLI alike). */
export const VERSION: string = (require('../package.json') as { version: string }).version;
