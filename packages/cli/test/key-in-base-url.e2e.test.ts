import { readFile, writeFile } from "node:fs/promises";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RoutingProxy, startRoutingProxy } from "./support/routing-proxy.js";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

const KEY = "path-key-7c1d9e2f4a6b";

describe("set: an API key in the base URL's path (a proxy that routes by it)", () => {
  let fake: BrazeFake;
  let proxy: RoutingProxy;
  let proxyUrl: string;
  const temp = useTempDir();

  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: false });
    // Forwards /<key>/… to the fake as /…, as a routing proxy would.
    proxy = await startRoutingProxy(fake.url, (path) => path.replace(`/${KEY}`, ""));
    proxyUrl = `${proxy.origin}/${KEY}/`;
  });
  afterAll(async () => {
    await proxy?.close();
    await fake?.close();
  });

  it("works, keeps the key out of the checkpoint and of every output, and a rerun resumes", async () => {
    const input = temp.path("ids.csv");
    const report = temp.path("report.ndjson");
    const checkpoint = temp.path("run.checkpoint");
    await writeFile(
      input,
      `external_id\n${Array.from({ length: 60 }, (_, i) => `u${i}`).join("\n")}\n`,
    );
    const args = [
      "set",
      "--group",
      "g-path",
      "--state",
      "subscribed",
      "--input",
      input,
      "--base-url",
      proxyUrl,
      "--report",
      report,
      "--checkpoint",
      checkpoint,
      "--json",
      "--quiet",
    ];
    const first = await runBin(args, { env: { BRAZE_API_KEY: KEY } });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ succeeded: 60, failed: 0 });
    const saved = await readFile(checkpoint, "utf8");
    expect(saved).not.toContain(KEY);
    expect(saved).toContain("[redacted]");
    expect(await readFile(report, "utf8")).not.toContain(KEY);
    expect(first.stdout).not.toContain(KEY);

    const again = await runBin(args, { env: { BRAZE_API_KEY: KEY } });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ succeeded: 60, requests: 0 });
  });
});
