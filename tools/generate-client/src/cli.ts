#!/usr/bin/env node
import { parseArgs } from "node:util";
import { generateClient } from "./generate-client.js";

const usage = "usage: generate-client --spec <bundled openapi.json> --out <folder>";

try {
  const { values } = parseArgs({
    options: { spec: { type: "string" }, out: { type: "string" } },
    strict: true,
  });
  if (!values.spec || !values.out) throw new Error(usage);
  const written = await generateClient({ specPath: values.spec, outDir: values.out });
  for (const path of written) console.log(`generate-client: wrote ${path}`);
} catch (error) {
  console.error(`generate-client: ${(error as Error).message}`);
  process.exit(1);
}
