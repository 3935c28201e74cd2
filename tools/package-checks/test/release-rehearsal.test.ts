import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { expect, inject, it } from "vitest";
import { rehearseRelease } from "../src/release-rehearsal.js";
import { repoRoot } from "./support/repo-root.js";

const packed = inject("packed");

it("versions, publishes to a local registry and installs the runtime from it, leaving nothing behind", {
  timeout: 400_000,
}, async () => {
  const before = new Set(await readdir(tmpdir()));
  const result = await rehearseRelease({ repoRoot });
  const names = packed.map((pkg) => pkg.name);
  const current = packed.find((pkg) => pkg.name === "@braze-subscriptions/runtime")?.version ?? "";
  const [major, minor] = current.split(".").map(Number) as [number, number];
  // The rehearsal adds a minor changeset; pending changesets of the repo may raise it.
  expect([`${major}.${minor + 1}.0`, `${major + 1}.0.0`]).toContain(result.version);
  expect(result.published).toEqual(names.map((name) => `${name}@${result.version}`));
  expect(result.changelogs).toEqual(names);
  expect(result.describedIn).toContain("@braze-subscriptions/runtime");
  expect(result.consumer).toEqual({ succeeded: 3, failed: 0, stored: 3 });
  const leftBehind = (await readdir(tmpdir())).filter(
    (name) => !before.has(name) && name.startsWith("release-rehearsal-"),
  );
  expect(leftBehind).toEqual([]);
});
