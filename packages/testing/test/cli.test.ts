import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { body, rateHeaders, send } from "./support/fake-requests.js";

// The built bin, as users run it (turbo builds the package before the test task).
const BIN = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const children: ChildProcess[] = [];
const held: Server[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  await Promise.all(held.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** Holds a free port on `host` until the test ends; resolves to its number. */
async function holdPort(host: string): Promise<number> {
  const server = createServer();
  held.push(server);
  server.listen(0, host);
  await once(server, "listening");
  return (server.address() as { port: number }).port;
}

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout.on(
      "data",
      () => stdout.includes("\n") && resolve(stdout.split("\n")[0] as string),
    );
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  firstLine.catch(() => undefined); // awaited by the tests that need it
  return { child, firstLine, output: () => ({ stdout, stderr }) };
}

describe("braze-fake bin", () => {
  it("prints the URL, serves with the given limits and faults, and stops on SIGTERM", async () => {
    const { child, firstLine, output } = run([
      "--port",
      "0",
      "--rate-limit",
      "3/1m",
      "--faults",
      "503=0.5",
      "--seed",
      "9",
    ]);
    const url = await firstLine;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await send(url, body());
      statuses.push(response.status);
      expect(rateHeaders(response).limit).toBe(3);
    }
    expect(statuses).toContain(503);
    expect(statuses.filter((status) => status === 201).length).toBeLessThanOrEqual(3);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(output().stderr).toMatch(/SIGTERM, stopping after 6 requests/);
  });

  it("logs one line a request with --log (never the key), and stops on SIGINT too", async () => {
    const { child, firstLine, output } = run(["--log", "--api-key", "secret-key-123"]);
    const url = await firstLine;
    expect((await send(url, body(), { key: "secret-key-123" })).status).toBe(201);
    expect((await send(url, body(), { key: "wrong-key-456" })).status).toBe(401);
    child.kill("SIGINT");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    const { stderr } = output();
    expect(stderr).toMatch(
      /POST \/subscription\/status\/set 201 ids=1\n.*POST \/subscription\/status\/set 401 ids=1\n/,
    );
    expect(stderr).not.toMatch(/secret-key-123|wrong-key-456/);
  });

  it("--foreign-share: a simulated other service takes that share of the budget", async () => {
    // 100 per minute, 0.5 of it foreign: one foreign request every 1.2 s, the first 0.6 s
    // after the first request the fake sees. A sliding window: no boundary resets the count.
    const { child, firstLine } = run([
      "--rate-limit",
      "100/1m",
      "--window",
      "sliding",
      "--foreign-share",
      "0.5",
    ]);
    const url = await firstLine;
    expect(rateHeaders(await send(url, body())).remaining).toBe(99);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // Ours took 2; the foreign consumer took at least one more in between.
    expect(rateHeaders(await send(url, body())).remaining).toBeLessThanOrEqual(97);
    child.kill("SIGTERM");
    expect((await once(child, "exit"))[0]).toBe(0);
  });

  it.each([
    ["--latency", "2147483648"],
    ["--timeout-delay", "600h"],
    ["--rate-limit", "1/600h"],
    ["--rate-limit", "1/2147483648"],
    ["--storm", "1s+2147483648"],
  ])("exits 2 for %s %s, a duration no timer can hold", async (flag, value) => {
    const { child, output } = run([flag, value]);
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    // The one duration syntax of every bin, and its one message.
    expect(output().stderr).toMatch(
      new RegExp(
        `^braze-fake: ${flag} (must be a duration|expects <requests>/<interval>).* 2147483647 ms`,
      ),
    );
    expect(output().stdout).toBe("");
  });

  it("exits 2 with the reason and the usage on a bad flag", async () => {
    const { child, output } = run(["--faults", "teapot=1"]);
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(output().stderr).toMatch(
      /--faults expects <kind>=<fraction 0..1>[\s\S]*Usage: braze-fake/,
    );
  });

  it.each([
    ["127.0.0.1", "127\\.0\\.0\\.1"],
    ["::1", "\\[::1\\]"],
  ])("exits 2 with one prefix when the port on %s is taken", async (host, shown) => {
    const port = await holdPort(host);
    const { child, output } = run(["--host", host, "--port", String(port)]);
    const [code] = await once(child, "exit");
    // 2, as `braze-subscriptions mock` exits for the same flags (the user's to fix); it was 1.
    expect(code).toBe(2);
    const { stderr, stdout } = output();
    expect(stderr).toMatch(
      new RegExp(
        `^braze-fake: cannot start the fake: cannot listen on ${shown}:${port}: .*EADDRINUSE.*give another --port`,
      ),
    );
    expect(stderr.match(/braze.fake/gi)).toHaveLength(1);
    expect(stdout).toBe("");
  });

  it("--faults queued=1 answers writes 202 queued (and lists the kind in --help)", async () => {
    const { child, firstLine } = run(["--faults", "queued=1"]);
    const url = await firstLine;
    const response = await send(url, body());
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ message: "queued" });
    child.kill("SIGTERM");
    expect((await once(child, "exit"))[0]).toBe(0);
    const help = run(["--help"]);
    await once(help.child, "exit");
    expect(help.output().stdout).toMatch(/kinds: 500 [\s\S]* 429 queued/);
  });

  it("prints a URL with the IPv6 host in brackets, and serves on it", async () => {
    const { child, firstLine } = run(["--host", "::1"]);
    const url = await firstLine;
    expect(url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    expect(new URL(url).hostname).toBe("[::1]");
    expect((await send(url, body())).status).toBe(201);
    child.kill("SIGTERM");
    expect((await once(child, "exit"))[0]).toBe(0);
  });
});
