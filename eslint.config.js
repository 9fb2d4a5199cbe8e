// ESLint flat config: the Office add-in rules (load/sync mistakes) plus Prettier, on all TypeScript.
const officeAddins = require("eslint-plugin-office-addins");
const tseslint = require("typescript-eslint");

module.exports = [
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "tmp/**", "out/**", "test-output/**"] },
  ...officeAddins.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: "module" },
    rules: { "no-undef": "off" },
  },
  {
    // The plugin's own block covers .ts; the task pane's .tsx files get the same TypeScript checks here.
    files: ["**/*.tsx"],
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: { "no-unused-vars": "off", "@typescript-eslint/no-unused-vars": "error" },
  },
  {
    files: ["**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        __dirname: "readonly",
        process: "readonly",
        console: "readonly",
      },
    },
  },
];
