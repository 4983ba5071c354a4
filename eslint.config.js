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
);
