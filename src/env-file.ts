import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './config.ts';

/** Load `.env` from the project root if there is one; variables already set win. */
export function loadEnvFile(): void {
  const file = path.join(PROJECT_ROOT, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}
