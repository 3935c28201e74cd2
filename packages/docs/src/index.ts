export { docsDir, docsIndexHtml, docsSpecJson, docsSpecYaml } from "./docs-paths.js";
export { DocsError, DocsNotBuiltError, DocsServerError } from "./errors.js";
export { type DocsServer, serveDocs } from "./serve-docs.js";
export type { ServeDocsOptions } from "./serve-docs-options.js";
