// Requests per second the Braze fake sustains on loopback with keep-alive, next to a trivial
// node:http server measured the same way in the same run. Not a test: it prints numbers.
//   pnpm --filter @braze-subscriptions/testing bench [-- --seconds 5 --connections 16]
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { operationMetadata } from "@braze-subscriptions/client";
import { Pool } from "undici";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "3" },
    rounds: { type: "string", default: "3" },
    connections: { type: "string", default: "16" },
    inflight: { type: "string", default: "64" },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const inflight = Number(values.inflight);
const { path, method, requestBody } = operationMetadata.setSubscriptionStatus;
const batch = requestBody.listFields.external_id.maxItems;
const SERVE = fileURLToPath(new URL("./serve.ts", import.meta.url));

// Full batches over a bounded population of users, as a bulk job sends them.
const bodies = Array.from({ length: 200 }, (_, b) =>
  JSON.stringify({
    subscription_group_id: "bench-group",
    subscription_state: b % 2 === 0 ? "subscribed" : "unsubscribed",
    external_id: Array.from({ length: batch }, (_, i) => `user-${(b * batch + i) % 5000}`),
  }),
);

interface Server {
  url: string;
  child: ChildProcess;
  stop(): void;
  /** The server process's CPU time so far, in µs. */
  cpuMicros(): Promise<number>;
}

async function startServer(kind: string): Promise<Server> {
  const child = spawn(process.execPath, ["--import", "tsx", SERVE, kind], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  let pending = "";
  child.stdout?.on("data", (chunk) => {
    pending += chunk;
    for (let at = pending.indexOf("\n"); at !== -1; at = pending.indexOf("\n")) {
      const line = pending.slice(0, at);
      pending = pending.slice(at + 1);
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  let stopping = false;
  child.once("exit", (code, signal) => {
    if (!stopping) console.error(`${kind} server exited early (${code ?? signal})`);
  });
  const nextLine = () =>
    new Promise<string>((resolve) => {
      const line = lines.shift();
      if (line !== undefined) resolve(line);
      else waiters.push(resolve);
    });
  const url = await nextLine();
  return {
    url,
    child,
    stop() {
      stopping = true;
      child.kill("SIGTERM");
    },
    async cpuMicros() {
      child.kill("SIGUSR2");
      return (JSON.parse(await nextLine()) as { cpuMicros: number }).cpuMicros;
    },
  };
}

async function measure(
  url: string,
  ms: number,
): Promise<{ count: number; statuses: Map<number, number> }> {
  const pool = new Pool(url, { connections, pipelining: 1 });
  const statuses = new Map<number, number>();
  let count = 0;
  const deadline = performance.now() + ms;
  const worker = async (w: number) => {
    for (let i = w; performance.now() < deadline; i += inflight) {
      const response = await pool.request({
        path,
        method,
        headers: { authorization: "Bearer bench-key", "content-type": "application/json" },
        body: bodies[i % bodies.length],
      });
      await response.body.dump();
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      count++;
    }
  };
  await Promise.all(Array.from({ length: inflight }, (_, w) => worker(w)));
  await pool.close();
  return { count, statuses };
}

interface Result {
  /** Requests per second of wall time (on a shared machine, with the load generator beside it). */
  rate: number;
  /** Server CPU time per request, in µs. */
  cpuPerRequest: number;
}

async function run(kind: string): Promise<Result> {
  const server = await startServer(kind);
  try {
    await measure(server.url, 1000); // warm-up: JIT, connections
    const cpuBefore = await server.cpuMicros();
    const started = performance.now();
    const clientBefore = process.cpuUsage();
    const { count, statuses } = await measure(server.url, seconds * 1000);
    const elapsed = (performance.now() - started) / 1000;
    const client = process.cpuUsage(clientBefore);
    const rate = count / elapsed;
    const cpuPerRequest = ((await server.cpuMicros()) - cpuBefore) / count;
    const detail = [...statuses].map(([status, n]) => `${status}×${n}`).join(", ");
    // How busy each side was: a side near 100% of a core is the bottleneck of the wall rate.
    const serverBusy = (cpuPerRequest * count) / 1e6 / elapsed;
    const clientBusy = (client.user + client.system) / 1e6 / elapsed;
    console.log(
      `${kind.padEnd(8)} ${rate.toFixed(0).padStart(6)} req/s wall | ${cpuPerRequest.toFixed(1)} µs server CPU a request` +
        ` = ${(1e6 / cpuPerRequest).toFixed(0)} req/s per core | server ${(serverBusy * 100).toFixed(0)}%,` +
        ` load generator ${(clientBusy * 100).toFixed(0)}% of a core | ${count} requests: ${detail}`,
    );
    return { rate, cpuPerRequest };
  } finally {
    server.stop();
  }
}

console.log(
  `POST ${path}, ${batch} ids a request, ${connections} keep-alive connections, ${inflight} in flight, ` +
    `${rounds} alternating rounds of ${seconds}s each; medians below`,
);
// Alternating rounds and medians: the machine is shared, and a burst of someone else's work
// should not land on one side of the comparison only.
const results: Record<"baseline" | "fake", Result[]> = { baseline: [], fake: [] };
for (let round = 0; round < rounds; round++) {
  results.baseline.push(await run("baseline"));
  results.fake.push(await run("fake"));
}
const median = (values: number[]) =>
  values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const summary = (kind: "baseline" | "fake") => ({
  rate: median(results[kind].map((r) => r.rate)),
  cpuPerRequest: median(results[kind].map((r) => r.cpuPerRequest)),
});
const baseline = summary("baseline");
const fake = summary("fake");
for (const [kind, result] of [
  ["baseline", baseline],
  ["fake", fake],
] as const) {
  console.log(
    `median ${kind.padEnd(8)} ${result.rate.toFixed(0).padStart(6)} req/s wall | ` +
      `${result.cpuPerRequest.toFixed(1)} µs server CPU a request = ${(1e6 / result.cpuPerRequest).toFixed(0)} req/s per core`,
  );
}
console.log(
  `fake / baseline: ${(fake.rate / baseline.rate).toFixed(2)} of the wall-clock rate, ` +
    `${(baseline.cpuPerRequest / fake.cpuPerRequest).toFixed(2)} of the per-core capacity ` +
    `(issue 5 asks the fake for at least 5,000 req/s)`,
);
