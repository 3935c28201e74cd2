#!/usr/bin/env node
import { parseArgs } from "node:util";
import { generateValidators } from "./generate-validators.js";

const usage =
  "usage: generate-validators --spec <bundled openapi.json> --out <folder> --types-from <module>";

try {
  const { values } = parseArgs({
    options: {
      spec: { type: "string" },
      out: { type: "string" },
      "types-from": { type: "string" },
    },
    strict: true,
  });
  if (!values.spec || !values.out || !values["types-from"]) throw new Error(usage);
  const written = await generateValidators({
    specPath: values.spec,
    outDir: values.out,
    typesFrom: values["types-from"],
  });
  for (const path of written) console.log(`generate-validators: wrote ${path}`);
} catch (error) {
  console.error(`generate-validators: ${(error as Error).message}`);
  process.exit(1);
}
