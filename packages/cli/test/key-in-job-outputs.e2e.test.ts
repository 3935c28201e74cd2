import { readFile, writeFile } from "node:fs/promises";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RoutingProxy, startRoutingProxy } from "./support/routing-proxy.js";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

// Keys a routing proxy may take in the base URL's path, each written differently there:
// as is; percent-encoded by the URL parser the way `encodeURI` does it (and shorter than the
// 8 characters free text is masked from); percent-encoded by the URL parser unlike
// `encodeURI` (which also encodes `|` and `^`), with a `"` that JSON escapes.
const KEYS: [string, string][] = [
  ["a plain key", "plainkey-1234"],
  // Printable ASCII, as the client requires of a key (a header carries it).
  ["a short key the URL percent-encodes", 'sk<{>"x'],
  ["a key the URL encodes unlike encodeURI", 'sk|ab^cd<e"x-2f4a'],
];

/** Every form a key takes in a URL, a JSON file or a page: none may be written. */
function formsOf(key: string): string[] {
  const path = new URL(`http://h/${key}`).pathname.slice(1);
  const json = JSON.stringify(key).slice(1, -1);
  const page = json.replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const encoded = [encodeURIComponent(key), encodeURI(key), path];
  return [...new Set([key, json, page, ...encoded, ...encoded.map((e) => e.toLowerCase())])];
}

function expectNoKey(key: string, outputs: Record<string, string>): void {
  for (const [name, text] of Object.entries(outputs)) {
    for (const form of formsOf(key)) {
      expect(text.includes(form), `${name} holds the key as ${form}`).toBe(false);
    }
  }
}

/** The job record of a report, and the data of a page (its JSON block). */
async function jobOutputs(report: string, page: string) {
  const record = await readFile(`${report}.job.json`, "utf8");
  const html = await readFile(page, "utf8");
  const data = /<script type="application\/json" id="job-data">(.*?)<\/script>/s.exec(html)?.[1];
  return {
    record,
    html,
    recordJob: JSON.parse(record).job as { target: string; command: string },
    pageJob: JSON.parse(data ?? "null").job as { target: string; command: string },
  };
}

describe("an API key in the base URL's path stays out of the job page, job record and checkpoint", () => {
  let fake: BrazeFake;
  let proxy: RoutingProxy;
  const temp = useTempDir();
  let input: string;

  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: KEYS.map(([, key]) => key), rateLimit: false });
    // Forwards /p/<key>/… to the fake as /…, as a proxy routing by key would.
    proxy = await startRoutingProxy(fake.url, (path) => path.replace(/^\/p\/[^/]*/, ""));
    input = temp.path("ids.csv");
    await writeFile(
      input,
      `external_id\n${Array.from({ length: 30 }, (_, i) => `u${i}`).join("\n")}\n`,
    );
  });
  afterAll(async () => {
    await proxy?.close();
    await fake?.close();
  });

  it.each(KEYS)("set --html --report --checkpoint, %s", async (name, key) => {
    const dir = temp.path(`set-${KEYS.findIndex(([n]) => n === name)}`);
    const report = `${dir}.ndjson`;
    const page = `${dir}.html`;
    const checkpoint = `${dir}.checkpoint`;
    const url = `${proxy.origin}/p/${key}/`;
    const result = await runBin(
      [
        "set",
        "--group",
        "g-path",
        "--state",
        "subscribed",
        "--input",
        input,
        // The inline form for one key: the command line shows both as typed, masked.
        ...(key.includes("|") ? [`--base-url=${url}`] : ["--base-url", url]),
        "--no-preflight",
        "--report",
        report,
        "--html",
        page,
        "--checkpoint",
        checkpoint,
        "--json",
        "--quiet",
      ],
      { env: { BRAZE_API_KEY: key } },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ succeeded: 30, failed: 0 });
    const { record, html, recordJob, pageJob } = await jobOutputs(report, page);
    const saved = await readFile(checkpoint, "utf8");
    expectNoKey(key, {
      record,
      html,
      checkpoint: saved,
      report: await readFile(report, "utf8"),
      stdout: result.stdout,
    });
    const where = `${proxy.origin}/p/[redacted]`;
    expect(recordJob.target).toBe(where);
    expect(pageJob.target).toBe(where);
    expect(recordJob.command).toContain(`${where}/`);
    expect(pageJob.command).toBe(recordJob.command);
    expect(JSON.parse(saved.split("\n")[0] as string).job.target).toBe(`url:${where}`);
  });

  it.each(KEYS)("verify --html --report with the key in BRAZE_REST_URL, %s", async (name, key) => {
    const dir = temp.path(`verify-${KEYS.findIndex(([n]) => n === name)}`);
    const report = `${dir}.ndjson`;
    const page = `${dir}.html`;
    const result = await runBin(
      [
        "verify",
        "--group",
        "g-path",
        "--state",
        "subscribed",
        "--input",
        input,
        "--report",
        report,
        "--html",
        page,
        "--json",
        // No progress: stderr then holds nothing at all, a warning or an error included.
        "--quiet",
      ],
      { env: { BRAZE_API_KEY: key, BRAZE_REST_URL: `${proxy.origin}/p/${key}` } },
    );
    expect(result.stderr).toBe("");
    expect([0, 3]).toContain(result.code);
    const { record, html, recordJob, pageJob } = await jobOutputs(report, page);
    expectNoKey(key, { record, html, report: await readFile(report, "utf8") });
    expect(recordJob.target).toBe(`${proxy.origin}/p/[redacted]`);
    expect(pageJob.target).toBe(recordJob.target);
  });
});
