// A server for the throughput benchmark, run in its own process so it gets its own core:
// `baseline` is the most trivial node:http JSON server, `fake` is the Braze fake.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
// The build, as users run it (`pnpm --filter @braze-subscriptions/testing build` first).
import { startBrazeFake } from "../dist/index.js";

const kind = process.argv[2];
// On SIGUSR2, report the CPU time used so far: the bench divides it by the requests served,
// a cost per request that other processes on the shared machine distort less than wall time.
process.on("SIGUSR2", () => {
  const { user, system } = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ cpuMicros: user + system })}\n`);
});
// Exit cleanly on SIGTERM so `--cpu-prof` runs get their profile written.
process.on("SIGTERM", () => process.exit(0));
if (kind === "baseline") {
  const body = JSON.stringify({ message: "success" });
  const server = createServer({ keepAlive: true }, (request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(201, {
        "Content-Type": "application/json",
        "Content-Length": String(body.length),
      });
      response.end(body);
    });
  });
  server.listen(0, "127.0.0.1", () => {
    process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  });
} else if (kind === "fake") {
  // The default configuration but for a rate limit high enough that every request does the
  // full work (routing, auth, limiter, validation, state) instead of a cheap 429.
  const fake = await startBrazeFake({ rateLimit: { limit: Number.MAX_SAFE_INTEGER } });
  process.stdout.write(`${fake.url}\n`);
} else {
  process.stderr.write("usage: serve.ts baseline|fake\n");
  process.exit(2);
}
