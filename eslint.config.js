// @ts-check
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * The one-way flow of src/, lowest first: a module may import from its own layer and the layers
 * below it, never from one above. Each entry is a folder (`knowledge/`) or a top-level file.
 */
const LAYERS = [
  ['shared/', 'config.ts', 'log.ts', 'env-file.ts'],
  ['knowledge/'],
  ['search/'],
  ['briefing/', 'library.ts'],
  ['store/', 'kb/'],
  ['scheduler/'],
  ['commands/'],
  ['discord/', 'console/', 'observability/'],
  ['app.ts', 'main.ts', 'cli/', 'shard-ipc.ts', 'shard-manager.ts', 'shard-ownership.ts', 'shard-process.ts', 'startup-signal.ts'],
];

// A new folder or top-level file must be given its place in the flow before it can be linted.
const placed = new Set(LAYERS.flat());
const unplaced = readdirSync(new URL('./src/', import.meta.url), { withFileTypes: true })
  .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name))
  .filter((name) => !placed.has(name));
if (unplaced.length) throw new Error(`eslint.config.js: give src/${unplaced.join(', src/')} a layer in LAYERS`);

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The import specifier of `target` as written in a file of `from` (a folder, or '' for src/ itself); from a folder, at any depth below it (`../../search/` from src/knowledge/curate/). */
const specifierOf = (from, target) => `${from ? '(?:\\.\\./)+' : '\\./'}${escape(target)}${target.endsWith('/') ? '' : '$'}`;

const flowRules = LAYERS.flatMap((layer, rank) => {
  const above = LAYERS.slice(rank + 1).flat();
  if (above.length === 0) return [];
  return layer.map((entry) => {
    const folder = entry.endsWith('/') ? entry : '';
    return {
      files: folder ? [`src/${folder}**/*.ts`] : [`src/${entry}`],
      rules: {
        'no-restricted-imports': ['error', {
          patterns: [{
            regex: `^(${above.map((target) => specifierOf(folder, target)).join('|')})`,
            message: `src/${entry} may import only from its own layer of the flow and those below it (eslint.config.js LAYERS, README Architecture): move what both need down, or pass it in.`,
          }],
        }],
      },
    };
  });
});

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  ...flowRules,
);
