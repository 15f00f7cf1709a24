// ESLint 9 flat config: typescript-eslint (type-aware for src/, tests included) and
// eslint-config-prettier last so formatting is left to prettier.
import js from '@eslint/js';
import prettierConfig from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.venv/',
      'venv/',
      'lib/',
      'benchmarks/',
      'docs/',
      'notebooks/',
      'tests/',
      'ncp_df_jupyter/',
      '.yarn/',
      'test-artifacts/',
      '**/*.d.ts'
    ]
  },
  js.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname
      }
    },
    rules: {
      '@typescript-eslint/naming-convention': [
        'error',
        {
          selector: 'interface',
          format: ['PascalCase'],
          custom: { regex: '^I[A-Z]', match: true }
        }
      ],
      '@typescript-eslint/no-unused-vars': ['warn', { args: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      eqeqeq: 'error',
      curly: ['error', 'all'],
      'prefer-arrow-callback': 'error'
    }
  },
  {
    // The Jest tests are outside tsconfig.json (the library build), so they
    // are typed with tsconfig.test.json.
    files: ['src/__tests__/**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: './tsconfig.test.json',
        tsconfigRootDir: import.meta.dirname
      }
    }
  },
  prettierConfig
);
