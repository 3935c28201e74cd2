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
    seconds: { type: "string", default: "5" },
    connections: { type: "string", default: "16" },
    inflight: { type: "string", default: "64" },
  },
});
const seconds = Number(values.seconds);
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

async function startServer(kind: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", SERVE, kind], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve(out.trim());
    });
    child.once("exit", (code) => reject(new Error(`${kind} server exited ${code}`)));
  });
  return { url, child };
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

async function run(kind: string): Promise<number> {
  const { url, child } = await startServer(kind);
  try {
    await measure(url, 1000); // warm-up: JIT, connections
    const started = performance.now();
    const { count, statuses } = await measure(url, seconds * 1000);
    const rate = count / ((performance.now() - started) / 1000);
    const detail = [...statuses].map(([status, n]) => `${status}×${n}`).join(", ");
    console.log(
      `${kind.padEnd(8)} ${rate.toFixed(0).padStart(7)} req/s  (${count} requests: ${detail})`,
    );
    return rate;
  } finally {
    child.kill("SIGTERM");
  }
}

console.log(
  `POST ${path}, ${batch} ids a request, ${connections} keep-alive connections, ${inflight} in flight, ${seconds}s each`,
);
const baseline = await run("baseline");
const fake = await run("fake");
console.log(`fake / baseline: ${(fake / baseline).toFixed(2)}  (target: fake ≥ 5000 req/s)`);
