import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A throw-away `redis-server` on 127.0.0.1, for tests and benchmarks. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** SIGKILL, as in a crash: no data survives (persistence is off). */
  kill(): Promise<void>;
  /** Starts a fresh, empty server on the same port. */
  restart(): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` on a free port with its own temporary directory and no persistence, and
 * resolves once it answers (checked by its process id, so never another server's answer). `redis-server` must be on PATH (`apt-get install redis-server`;
 * `.ci/run` installs it on fresh machines).
 */
export async function startRedisServer(
  options: {
    port?: number;
    /** Sets `--requirepass`: clients must authenticate (the URL then needs `:password@`). */
    password?: string;
    /**
     * More `redis-server` arguments, e.g. `["--rename-command", "EVAL", ""]` for a server whose
     * scripting is disabled; kept on `restart()`.
     */
    args?: readonly string[];
  } = {},
): Promise<RedisServer> {
  if (spawnSync("redis-server", ["--version"]).error) {
    throw new Error("redis-server is not on PATH: install it (apt-get install -y redis-server)");
  }
  const dir = await mkdtemp(join(tmpdir(), "braze-redis-"));
  const password = options.password;
  const extra = [
    ...(password === undefined ? [] : ["--requirepass", password]),
    ...(options.args ?? []),
  ];
  let port = options.port ?? (await freePort());
  let child: ChildProcess | undefined;
  // Two servers started at once can be given the same free port: the one that loses the bind
  // exits, and then tries another port (never when the caller asked for this one).
  for (let attempt = 1; ; attempt++) {
    try {
      child = await launch(port, dir, extra, password);
      break;
    } catch (error) {
      if (options.port !== undefined || attempt >= 5) throw error;
      port = await freePort();
    }
  }

  async function halt(signal: NodeJS.Signals): Promise<void> {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      current.once("exit", () => resolve());
      current.kill(signal);
    });
  }

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill: () => halt("SIGKILL"),
    async restart() {
      await halt("SIGKILL");
      child = await launch(port, dir, extra, password);
    },
    async stop() {
      await halt("SIGTERM");
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}

async function launch(
  port: number,
  dir: string,
  extra: string[],
  password: string | undefined,
): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      "--appendonly",
      "no",
      "--daemonize",
      "no",
      "--loglevel",
      "warning",
      ...extra,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`redis-server exited with ${child.exitCode}: ${stderr.trim()}`);
    }
    // Our server, not another one already on this port (then ours fails to bind and exits).
    if (child.pid !== undefined && (await serverPid(port, password)) === child.pid) return child;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server on port ${port} did not answer PING within 10 s`);
}

/** The `process_id` of the redis-server answering on `port`, or undefined. */
function serverPid(port: number, password: string | undefined): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.setTimeout(500);
    let text = "";
    const done = (pid: number | undefined) => {
      socket.destroy();
      resolve(pid);
    };
    socket.once("connect", () =>
      socket.write(`${password === undefined ? "" : `AUTH ${password}\r\n`}INFO server\r\n`),
    );
    socket.on("data", (data) => {
      text += data.toString();
      if (/^-/m.test(text) && !/^\+OK/m.test(text) && !text.includes("process_id:"))
        done(undefined);
      const match = /process_id:(\d+)/.exec(text);
      if (match) done(Number(match[1]));
    });
    socket.once("error", () => done(undefined));
    socket.once("timeout", () => done(undefined));
  });
}
