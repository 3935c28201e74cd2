// The Braze fake on a thread of its own, for bench:budget. Braze's servers do not share the
// client's CPU: in one thread with the runtime, the fake's work on a burst of 64 requests
// delayed the runtime's next wave by 60–100 ms, and on a fixed window that lateness costs a
// whole window whenever the wave was due in the window's last tenth (a 2.5-window job at
// 150 ms took 2.76 s instead of 2.22 s started 600 ms into a second).
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type { BrazeFakeOptions } from "@braze-subscriptions/testing";

/** What the bench asks the fake's thread once a job is over (fake-thread-worker.mjs). */
export interface FakeThreadStats {
  /** When the fake received the job's first write (epoch ms), if any. */
  firstWriteArrival: number | undefined;
  /** 429 answers the job got. */
  tooMany: number;
  /** Requests of the simulated foreign consumer the fake refused. */
  foreignRefused: number;
}

/** The messages the worker understands. */
export type FakeThreadMessage = "stats" | "close";

/** A fake running on its own worker thread. */
export interface FakeThread {
  url: string;
  stats(): Promise<FakeThreadStats>;
  close(): Promise<void>;
}

/** Starts the fake with `options` on a worker thread; resolves once it listens. */
export async function startFakeThread(options: BrazeFakeOptions): Promise<FakeThread> {
  const worker = new Worker(new URL("./fake-thread-worker.mjs", import.meta.url), {
    workerData: options,
  });
  const [{ url }] = (await once(worker, "message")) as [{ url: string }];
  const ask = async <T>(message: FakeThreadMessage): Promise<T> => {
    worker.postMessage(message);
    return ((await once(worker, "message")) as [T])[0];
  };
  return {
    url,
    stats: () => ask<FakeThreadStats>("stats"),
    close: async () => {
      worker.postMessage("close" satisfies FakeThreadMessage);
      await once(worker, "exit");
    },
  };
}
