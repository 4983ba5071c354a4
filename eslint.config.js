import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', 'dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['natural', 'natural/*'], message: 'Use natural only through src/nlp/natural.ts.' },
          { group: ['discord.js', '@discordjs/*'], message: 'Only src/discord/ talks to discord.js; commands return a Reply.' },
        ],
      }],
    },
  },
  {
    files: ['src/nlp/natural.ts', 'src/discord/**', 'tests/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The store is asynchronous (SQLite or PostgreSQL): a call not awaited would write after the reply
    // went out, or fail unseen; in a test, an assertion would run before what it checks.
    files: ['src/**/*.ts', 'commands/**/*.ts', 'tests/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // A Promise in a condition is always true: `if (store.feeds.get(id))` must be awaited.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    // An import cycle makes module start-up order matter and hides which layer owns what.
    files: ['src/**/*.ts', 'commands/**/*.ts', 'tests/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js'] })],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    // Lower layers never reach up into the command handlers or the entry points.
    files: ['src/**/*.ts'],
    ignores: ['src/app.ts', 'src/main.ts', 'src/cli.ts', 'src/cli/**', 'src/discord/**', 'src/console/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['natural', 'natural/*'], message: 'Use natural only through src/nlp/natural.ts.' },
          { group: ['discord.js', '@discordjs/*'], message: 'Only src/discord/ talks to discord.js; commands return a Reply.' },
          { group: ['**/commands/*', '**/commands/**'], message: 'Modules below commands/ never import a command handler.' },
        ],
      }],
    },
  },
  {
    // The domain is the leaf every layer depends on: it depends on nothing of ours but itself. Last, so
    // that for src/domain these patterns replace the general ones above (flat config: the last wins).
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*', '../**'], message: 'src/domain imports only other src/domain modules.' }] }],
    },
  },
);
