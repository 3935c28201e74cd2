import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One write as the proxy saw it arrive. */
export interface SeenWrite {
  state: string;
  ids: string[];
  /** The status the proxy answered itself; `undefined` when it forwarded the write. */
  answered?: number;
}

/**
 * What to do with a write: answer it with this status, or forward it (`undefined`). It may
 * take its time, e.g. to hold a write until a later one has been answered.
 */
export type Intercept = (
  write: SeenWrite,
  proxy: RecordingProxy,
) => number | undefined | Promise<number | undefined>;

/** A started {@link startRecordingProxy}. */
export interface RecordingProxy {
  url: string;
  /** Writes in the order they arrived (an answer of its own is noted once given). */
  seen: SeenWrite[];
  /**
   * Resolves `true` once a write matching `test` has been answered (now or later), or
   * `false` after `ms`: the fallback for when the runtime rightly never sends it meanwhile.
   */
  answered(test: (write: SeenWrite) => boolean, ms: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 in front of the Braze fake: records the writes in the order
 * they arrive, answers some itself (a 429, a 500) and forwards the others to `target`, so the
 * fake's state shows which write landed last.
 */
export async function startRecordingProxy(
  target: string,
  intercept: Intercept,
): Promise<RecordingProxy> {
  const done: SeenWrite[] = [];
  const listeners = new Set<() => void>();
  const proxy: RecordingProxy = {
    url: "",
    seen: [],
    answered: (test, ms) =>
      new Promise((resolve) => {
        const check = () => {
          if (!done.some(test)) return;
          finish(true);
        };
        const finish = (value: boolean) => {
          clearTimeout(timer);
          listeners.delete(check);
          resolve(value);
        };
        const timer = setTimeout(() => finish(false), ms);
        listeners.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const parsed = JSON.parse(body) as Record<string, unknown>;
      const write: SeenWrite = {
        state: String(parsed.subscription_state),
        ids: (parsed.external_id ?? parsed.email ?? parsed.phone) as string[],
      };
      proxy.seen.push(write);
      const status = await intercept(write, proxy);
      if (status !== undefined) {
        write.answered = status;
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `proxy says ${status}` }));
      } else {
        const answer = await fetch(`${target}${req.url}`, {
          method: "POST",
          headers: {
            authorization: req.headers.authorization ?? "",
            "content-type": "application/json",
          },
          body,
        });
        res.writeHead(answer.status, { "content-type": "application/json" });
        res.end(await answer.text());
      }
      done.push(write);
      for (const listener of [...listeners]) listener();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
