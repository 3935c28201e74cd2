import {
  type BrazeFake,
  type BrazeFakeOptions,
  startBrazeFake,
} from "@braze-subscriptions/testing";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { useTempDir } from "./temp-dir.js";

/** What {@link useFakeJob} gives a test file: the fake, a temp dir and the bin's environment. */
export interface FakeJob {
  readonly fake: BrazeFake;
  readonly dir: string;
  /** `BRAZE_API_KEY` and `BRAZE_REST_URL` for the bin, pointing at the fake. */
  env(): Record<string, string>;
}

/**
 * Starts the Braze fake (accepting `key`, no rate limit, with `options` over that) and a
 * temporary directory for the test file, forgets the fake's state before each test, and stops
 * both at the end.
 */
export function useFakeJob(key: string, options: Partial<BrazeFakeOptions> = {}): FakeJob {
  const temp = useTempDir();
  let fake: BrazeFake | undefined;
  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: [key], rateLimit: false, ...options });
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(() => fake?.reset());
  return {
    get fake() {
      return fake as BrazeFake;
    },
    get dir() {
      return temp.dir;
    },
    env: () => ({ BRAZE_API_KEY: key, BRAZE_REST_URL: (fake as BrazeFake).url }),
  };
}
