import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// This module runs from dist/ once built and from src/ in this package's own tests; either
// way the page is in the package's dist/ folder.
const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Absolute path of the folder holding the docs: `index.html`, `openapi.json`, `openapi.yaml`. */
export const docsDir: string = join(packageDir, "dist");

/** Absolute path of the docs page. Open it in a browser (it works from `file://`) or serve it. */
export const docsIndexHtml: string = join(docsDir, "index.html");

/** Absolute path of the bundled OpenAPI spec (JSON) the page was rendered from. */
export const docsSpecJson: string = join(docsDir, "openapi.json");

/** Absolute path of the same spec as YAML. */
export const docsSpecYaml: string = join(docsDir, "openapi.yaml");
