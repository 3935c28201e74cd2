import { describe, expect, it } from "vitest";
import { createBrazeRuntime, planSetStatus } from "../src/index.js";

// The bounds of a bulk call (`limit`, `maxFailures`, `expectedCount`) and `listUserGroups`'
// `maxUsers` were checked by hand, worded apart from every other option
// (`options.limit … got x`, `got [object Object]`, a function's source, `got undefined`):
// they go through the one set of option checks now, as `timeoutMs` and `retry` did.
const input = () => ({
  subscriptionGroupId: "g",
  state: "subscribed" as const,
  emails: ["a@example.com"],
});

describe("the bounds of a call, checked as every option is", () => {
  it.each([
    [{ limit: "x" }, 'planSetStatus: option "limit" must be an integer ≥ 0, got "x"'],
    [{ limit: {} }, 'planSetStatus: option "limit" must be an integer ≥ 0, got an object'],
    [
      { expectedCount: () => 1 },
      'planSetStatus: option "expectedCount" must be a finite number ≥ 0, got a function',
    ],
    [
      { expectedCount: Number.NaN },
      'planSetStatus: option "expectedCount" must be a finite number ≥ 0, got number NaN',
    ],
  ])("planSetStatus(%o)", async (options, message) => {
    await expect(planSetStatus(input(), options as never)).rejects.toThrow(new TypeError(message));
  });

  it("setStatus' maxFailures, before anything is sent", async () => {
    const braze = createBrazeRuntime({ apiKey: "k", baseUrl: "http://127.0.0.1:9" });
    try {
      await expect(braze.setStatus(input(), { maxFailures: 1.5 })).rejects.toThrow(
        new TypeError('setStatus: option "maxFailures" must be an integer ≥ 0, got number 1.5'),
      );
    } finally {
      await braze.close();
    }
  });

  it("listUserGroups' maxUsers", async () => {
    const braze = createBrazeRuntime({ apiKey: "k", baseUrl: "http://127.0.0.1:9" });
    try {
      const list = (maxUsers: unknown) => () =>
        braze.listUserGroups({ external_id: ["a"] }, { maxUsers: maxUsers as number });
      expect(list(() => 1)).toThrow(
        new TypeError('listUserGroups: option "maxUsers" must be an integer ≥ 1, got a function'),
      );
      expect(list("x")).toThrow(/option "maxUsers" must be an integer ≥ 1, got "x"$/);
      // No bound, as when it is not given.
      expect(list(Number.POSITIVE_INFINITY)).not.toThrow();
    } finally {
      await braze.close();
    }
  });
});
