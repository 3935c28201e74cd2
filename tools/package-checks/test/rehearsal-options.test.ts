import { expect, it } from "vitest";
import { resolveRehearsalOptions } from "../src/release-rehearsal.js";

it.each([
  [
    "a missing repoRoot",
    {},
    'rehearseRelease: option "repoRoot" must be a folder path, got undefined',
  ],
  [
    "a log that is not a function",
    { repoRoot: "/repo", log: "loud" },
    'rehearseRelease: option "log" must be a function, got string',
  ],
])("refuses %s with a TypeError naming the option", (_name, options, message) => {
  expect(() => resolveRehearsalOptions(options as never)).toThrow(new TypeError(message));
});

it("defaults log to a function that drops lines", () => {
  const { log } = resolveRehearsalOptions({ repoRoot: "/repo" });
  expect(log("ignored")).toBeUndefined();
});
