import { afterEach } from "vitest";
import { type BrazeFake, type BrazeFakeOptions, startBrazeFake } from "../../src/index.js";

/**
 * A `start(options)` for a test file whose tests each start their own fakes: every fake it
 * started is closed after each test.
 */
export function startedFakes(): (options: BrazeFakeOptions) => Promise<BrazeFake> {
  const fakes: BrazeFake[] = [];
  afterEach(async () => {
    await Promise.all(fakes.splice(0).map((fake) => fake.close()));
  });
  return async (options) => {
    const fake = await startBrazeFake(options);
    fakes.push(fake);
    return fake;
  };
}
