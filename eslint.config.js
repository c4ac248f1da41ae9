// One linter for the whole repo: ESLint's and typescript-eslint's recommended rules.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "coverage/", "test-results/", "node_modules/", "bench/.tmp/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // `_unused` parameters document a callback's shape.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // Empty catch blocks carry a comment saying why the error is ignored.
      "no-empty": ["error", { allowEmptyCatch: true }],
      // A `let` assigned once after closures that read it is declared before them on purpose.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Test fixtures play hostile or sloppy host pages on purpose.
    files: ["test/fixtures/**"],
    rules: {
      "no-undef": "off",
      "no-unused-vars": "off",
      "@typescript-eslint/no-unused-vars": "off",
      "no-script-url": "off",
      "no-useless-escape": "off",
      "no-useless-assignment": "off",
    },
  },
);
