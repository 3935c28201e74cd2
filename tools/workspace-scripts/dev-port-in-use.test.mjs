import { execFile } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { afterEach, expect, it } from "vitest";

const run = promisify(execFile);
let dir;
let busy;
afterEach(async () => {
  await new Promise((resolve) => (busy ? busy.close(resolve) : resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A port of 127.0.0.1 that another program holds. */
async function portInUse() {
  busy = createServer();
  await new Promise((resolve) => busy.listen(0, "127.0.0.1", resolve));
  return busy.address().port;
}

/** Runs a root command's script with a `turbo` on PATH that builds nothing and succeeds. */
async function runWithBusyPort(script) {
  dir = await mkdtemp(join(tmpdir(), "dev-port-"));
  const turbo = join(dir, "turbo");
  await writeFile(turbo, "#!/bin/sh\nexit 0\n");
  await chmod(turbo, 0o755);
  const env = {
    ...process.env,
    PORT: String(await portInUse()),
    PATH: `${dir}${delimiter}${process.env.PATH}`,
  };
  return run(process.execPath, [script], { cwd: import.meta.dirname, env, timeout: 30_000 }).then(
    () => ({ code: 0, stderr: "" }),
    (error) => ({ code: error.code, stderr: error.stderr }),
  );
}

it.each([
  ["pnpm dev", "dev.mjs", "dev"],
  ["pnpm run docs", "serve-docs.mjs", "docs"],
])(
  "%s on a port in use: one line naming the port and what to do, no stack trace",
  async (_name, script, prefix) => {
    const { code, stderr } = await runWithBusyPort(script);
    expect(code).toBe(1);
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^${prefix}: Cannot serve the docs on 127\\.0\\.0\\.1:${busy.address().port}: .*in use.*set PORT`,
      ),
    );
  },
);
