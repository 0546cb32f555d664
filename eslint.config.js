// One lint config for the whole workspace; each package runs `eslint .` from its folder.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/generated/**", "**/node_modules/**", "**/.data/**", "**/test-results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // Node scripts: `no-undef` knows no Node globals, and typos there fail at once when run.
    files: ["**/*.{js,mjs}"],
    rules: { "no-undef": "off" },
  },
  {
    files: ["apps/web/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The SPA's layers point one way: app/ (routes, layout, guards) is built from pages/,
    // components/ and lib/, never the other way round, so a page or component can move or
    // load lazily without dragging the shell along. What both need lives in lib/ or components/.
    files: ["apps/web/src/{components,pages,lib}/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(\\.\\./)+app(/|$)",
              message: "app/ imports pages, components and lib, not the other way round: move what is shared into lib/ or components/.",
            },
          ],
        },
      ],
    },
  },
);
