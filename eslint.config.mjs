// Lint: the recommended JavaScript and TypeScript rules; formatting is prettier's job.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      "bench/results/",
      "examples/*/node_modules/",
      "sdk/",
      ".stryker-tmp/",
      "reports/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Provider methods receive untyped Pulumi property bags.
      "@typescript-eslint/no-explicit-any": "off",
      // The delegating provider must `require` the package by name inside its methods (see its comment).
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  ...importDirection(),
  ...toolBoundaries(),
);

/**
 * Imports run one way: core <- reconcile <- clouds <- runtime <- {resources, plugin}. Each folder may import
 * only the folders to its left. The two front ends sit side by side and never import each other: resources
 * (the dynamic resources) take the cloud member types (erased at compile time) but no code below the
 * runtime, since their tiny provider is what gets serialized; plugin (the provider plugin, a process of its
 * own) calls the runtime like the stored provider text does, and reads the kinds' schemas to describe them.
 */
function importDirection() {
  const layers = ["core", "reconcile", "clouds", "runtime", "resources|plugin"];
  const frontEnds = ["resources", "plugin"];
  const rules = layers.slice(0, -1).map((layer, index) => {
    const above = layers.slice(index + 1).join("|");
    return {
      files: [`provider/${layer}/**/*.ts`],
      rules: {
        "@typescript-eslint/no-restricted-imports": [
          "error",
          {
            patterns: [
              {
                regex: `(^|/)(${above})(/|$)`,
                message: `provider/${layer} may not import ${above.replaceAll("|", ", ")}: imports run core <- reconcile <- clouds <- runtime <- resources, plugin.`,
              },
            ],
          },
        ],
      },
    };
  });
  for (const frontEnd of frontEnds) {
    const other = frontEnds.find((f) => f !== frontEnd);
    const patterns = [
      {
        regex: `(^|/)${other}(/|$)`,
        message: `provider/${frontEnd} may not import provider/${other}: the two front ends stand side by side on the runtime.`,
      },
    ];
    if (frontEnd === "resources") {
      patterns.push({
        regex: "(^|/)(reconcile|clouds)(/|$)",
        allowTypeImports: true,
        message: "provider/resources is glue: it may import types from below the runtime, not code.",
      });
    }
    rules.push({
      files: [`provider/${frontEnd}/**/*.ts`],
      rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns }] },
    });
  }
  return rules;
}

/**
 * The emulator is a contract of the real APIs, so it may not import the provider it judges (nor the tests,
 * the harness or the tools that use it). The harness drives the provider as the engine does and may import
 * it and the emulator, never the tests or the tools built on it.
 */
function toolBoundaries() {
  const rule = (files, forbidden, message) => ({
    files,
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ regex: `^(\\.\\./)+(${forbidden.join("|")})(/|$)`, message }] },
      ],
    },
  });
  return [
    rule(
      ["emulator/**/*.ts"],
      ["provider", "harness", "test", "bench", "examples"],
      "the emulator stands alone: it models the vendors' APIs, not our code.",
    ),
    rule(
      ["harness/**/*.ts"],
      ["test", "bench", "examples"],
      "the harness is a tool the tests, bench and demo use, not the other way round.",
    ),
  ];
}
