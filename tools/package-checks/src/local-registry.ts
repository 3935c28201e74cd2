import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RegistryError } from "./errors.js";
import { runOrThrow } from "./run-process.js";

/** A running local npm registry (verdaccio) with one user who may publish. */
export interface LocalRegistry {
  /** e.g. `http://127.0.0.1:41234/` */
  url: string;
  /** The publishing user's token. */
  token: string;
  /** The lines of an `.npmrc` that point npm and pnpm at this registry, logged in. */
  npmrc: string;
  /** Stops the registry and waits for its process to exit. */
  stop(): Promise<void>;
}

const registryDir = fileURLToPath(new URL("../registry", import.meta.url));

/**
 * Installs verdaccio unless it is there (npm ci from registry/package-lock.json; it stays out
 * of the pnpm workspace, see registry/package.json) and returns the script that starts it.
 * Two processes must not install at once (npm ci empties `node_modules` first): call it once
 * before starting registries in parallel, as the tests' global setup does.
 */
export async function installLocalRegistry(): Promise<string> {
  if (!existsSync(join(registryDir, "node_modules/verdaccio/package.json"))) {
    await runOrThrow("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: registryDir,
    });
  }
  return join(registryDir, "start-verdaccio.cjs");
}

function registryConfig(storageDir: string, uplink: string): string {
  // Our packages are never proxied, so an install can only get them from what was published
  // here; everything else comes from the real registry through the uplink.
  return `storage: ${JSON.stringify(join(storageDir, "storage"))}
auth:
  htpasswd:
    file: ${JSON.stringify(join(storageDir, "htpasswd"))}
    max_users: 1
uplinks:
  npmjs:
    url: ${JSON.stringify(uplink)}
packages:
  "@braze-subscriptions/*":
    access: $all
    publish: $authenticated
  "**":
    access: $all
    proxy: npmjs
web:
  enable: false
log: { type: stdout, format: json, level: error }
`;
}

/** Starts verdaccio on 127.0.0.1 with its storage, config and users under `workDir`. */
export async function startLocalRegistry(workDir: string): Promise<LocalRegistry> {
  const starter = await installLocalRegistry();
  await mkdir(workDir, { recursive: true });
  const uplink = (
    await runOrThrow("npm", ["config", "get", "registry"], { cwd: workDir })
  ).stdout.trim();
  const configPath = join(workDir, "config.yaml");
  await writeFile(configPath, registryConfig(workDir, uplink));
  const child = spawn(process.execPath, [starter, configPath], {
    cwd: workDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stop = () => stopProcess(child);
  try {
    const port = await listeningPort(child);
    const url = `http://127.0.0.1:${port}/`;
    const token = await createUser(url);
    const npmrc = `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`;
    return { url, token, npmrc, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => reject(new RegistryError(`verdaccio did not start in 60 s: ${output}`)),
      60_000,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk;
      const match = /\{"port":(\d+)\}/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk;
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new RegistryError(`verdaccio exited with ${code} before listening: ${output}`));
    });
  });
}

async function createUser(url: string): Promise<string> {
  const name = "rehearsal";
  const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password: `rehearsal-${process.pid}`, type: "user", roles: [] }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || typeof body.token !== "string") {
    throw new RegistryError(
      `verdaccio refused to create the publishing user: HTTP ${response.status}`,
    );
  }
  return body.token;
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
