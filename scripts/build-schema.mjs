// Writes dist/guide.schema.json: the JSON Schema of a guide file, derived from the valibot
// schemas in src/guide/schema.ts and annotated from src/guide/docs.ts (see src/cli/json-schema.ts).
// Vite's module runner loads the TypeScript source, so no separate compile step is needed.
import { mkdirSync, writeFileSync } from "node:fs";
import { runnerImport } from "vite";

const { module } = await runnerImport("./src/cli/json-schema.ts", {
  configFile: false,
  logLevel: "error",
});
const schema = module.guideJsonSchema();
const file = new URL("../dist/guide.schema.json", import.meta.url);
mkdirSync(new URL(".", file), { recursive: true });
writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
console.log(`dist/guide.schema.json: ${Object.keys(schema.$defs ?? {}).length} definitions`);
