import { fingerprint } from "../identifiers/fingerprint.js";

/**
 * The store namespace of a runtime given none: one per workspace as far as the runtime can
 * tell, i.e. per API key and base URL. Braze's budget is the workspace's, so two workspaces
 * keeping their budgets in one store (one Redis for a company's teams, or the CLI's
 * `--redis-url`, which sets no namespace) must not share a bucket: one's spent window or 429
 * would hold the other back, and one's `Remaining` would grant the other's requests.
 *
 * A 64-bit fingerprint, so the store's keys never hold the API key (nor a base URL's
 * credentials) in clear: a REST key is a UUID, far more than 64 bits, so the fingerprint
 * cannot give it back; and it keeps two workspaces apart. (Not `node:crypto`: the runtime's
 * main entry runs in browsers too.) Keys of one workspace get a bucket each unless given one
 * `namespace`: each then meets the others as foreign consumers, in the server's words.
 */
export function workspaceNamespace(apiKey: string, baseUrl: string): string {
  const halves = new Uint32Array(2);
  fingerprint(0, `${baseUrl.replace(/\/+$/, "")}\n${apiKey}`, halves);
  const hex = (n: number | undefined) => (n ?? 0).toString(16).padStart(8, "0");
  return `workspace-${hex(halves[0])}${hex(halves[1])}`;
}
