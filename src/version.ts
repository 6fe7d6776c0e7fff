import { readFileSync } from 'node:fs';
import { packagePath } from './packageRoot.js';

const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { name: string; version: string };

export const TOOL: string = pkg.name;
export const VERSION: string = pkg.version;
