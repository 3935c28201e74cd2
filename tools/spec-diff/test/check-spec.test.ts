import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it, type TestContext } from "vitest";
import { checkSpec, formatResult } from "../src/index.js";
import { changeset, createFixtureRepo, type FixtureRepo } from "./support/fixture-repo.js";

const THINGS = "openapi/schemas/Things.yaml";
const tighten = (text: string) => text.replace("maxItems: 10", "maxItems: 5");
const rewordDocs = (text: string) => text.replace("Up to ten names.", "At most ten names.");

/** A fresh fixture repository for one test, removed when the test ends. */
async function freshRepo({ onTestFinished }: TestContext): Promise<FixtureRepo> {
  const repo = await createFixtureRepo();
  onTestFinished(() => repo.remove());
  return repo;
}

// Each test has its own repository, so they run concurrently (each one waits on git and redocly).
describe.concurrent("checkSpec on a throwaway repository", () => {
  it("passes when the spec did not change", async (context) => {
    const repo = await freshRepo(context);
    const result = await checkSpec({ cwd: repo.dir, base: "HEAD" });
    expect(result).toMatchObject({ required: "none", ok: true, changes: [] });
  });

  it("fails when a breaking change has no changeset", async (context) => {
    const repo = await freshRepo(context);
    await repo.edit(THINGS, tighten);
    const result = await checkSpec({ cwd: repo.dir, base: "HEAD" });
    expect(result).toMatchObject({ required: "major", ok: false, pending: { bump: "none" } });
    expect(result.changes).toEqual([
      expect.objectContaining({ message: "maxItems tightened from 10 to 5", bump: "major" }),
    ]);
    expect(formatResult(result)).toContain(
      "FAIL: the spec changed and needs a major release of @fixture/openapi",
    );
  });

  it("fails when the changeset bumps less than the change needs", async (context) => {
    const repo = await freshRepo(context);
    await repo.edit(THINGS, tighten);
    await repo.write(".changeset/tight-names.md", changeset("minor"));
    const result = await checkSpec({ cwd: repo.dir, base: "HEAD" });
    expect(result).toMatchObject({ required: "major", ok: false, pending: { bump: "minor" } });
  });

  it("passes with a changeset that bumps enough", async (context) => {
    const repo = await freshRepo(context);
    await repo.edit(THINGS, tighten);
    await repo.write(".changeset/tight-names.md", changeset("major"));
    const result = await checkSpec({ cwd: repo.dir, base: "HEAD" });
    expect(result).toMatchObject({
      required: "major",
      ok: true,
      pending: { bump: "major", changesets: [{ id: "tight-names", bump: "major" }] },
    });
  });

  it("counts a changeset for any package of the spec's fixed group", async (context) => {
    const repo = await freshRepo(context);
    await repo.edit(THINGS, rewordDocs);
    await repo.write(".changeset/docs.md", `---\n"@fixture/client": patch\n---\n\nDocs.\n`);
    const result = await checkSpec({ cwd: repo.dir, base: "HEAD" });
    expect(result).toMatchObject({
      required: "patch",
      ok: true,
      pending: { group: ["@fixture/openapi", "@fixture/client"] },
    });
  });

  it("compares with committed changes since the base ref too", async (context) => {
    const repo = await freshRepo(context);
    await repo.edit(THINGS, rewordDocs);
    repo.commit("reword");
    expect(await checkSpec({ cwd: repo.dir, base: "HEAD~1" })).toMatchObject({
      required: "patch",
      ok: false,
    });
    expect(await checkSpec({ cwd: repo.dir, base: "HEAD" })).toMatchObject({
      required: "none",
      ok: true,
    });
  });

  it("defaults the base to the last release commit", async (context) => {
    const repo = await freshRepo(context);
    await repo.edit(THINGS, rewordDocs);
    repo.commit("reword, unreleased");
    const unreleased = await checkSpec({ cwd: repo.dir });
    expect(unreleased).toMatchObject({
      base: repo.git("rev-parse", "HEAD~1").trim(),
      required: "patch",
      ok: false,
    });
    await repo.edit("openapi/package.json", (text) => text.replace('"1.0.0"', '"1.0.1"'));
    repo.commit("release 1.0.1");
    expect(await checkSpec({ cwd: repo.dir })).toMatchObject({ required: "none", ok: true });
  });

  it("treats a spec that did not exist at the base as a minor addition", async (context) => {
    const repo = await freshRepo(context);
    repo.git("rm", "-q", "-r", "openapi/openapi.yaml", "openapi/schemas");
    repo.commit("no spec yet");
    repo.git("checkout", "-q", "HEAD~1", "--", "openapi");
    const result = await checkSpec({ cwd: repo.dir, base: "HEAD" });
    expect(result).toMatchObject({ required: "minor", changes: [{ message: "spec added" }] });
  });

  it("names an unknown base ref", async (context) => {
    const repo = await freshRepo(context);
    await expect(checkSpec({ cwd: repo.dir, base: "no-such-ref" })).rejects.toThrow(
      /"no-such-ref" is not a commit of the git repository/,
    );
  });

  it("refuses a bad option with a TypeError naming it", async (context) => {
    const repo = await freshRepo(context);
    await expect(checkSpec({ cwd: repo.dir, base: 42 as unknown as string })).rejects.toThrow(
      new TypeError('checkSpec: option "base" must be a non-empty string, got 42'),
    );
  });

  it("exits 1 from the command line when the check fails, 0 when it passes", async (context) => {
    const repo = await freshRepo(context);
    const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
    const run = promisify(execFile);
    await repo.edit(THINGS, tighten);
    const failed = await run(process.execPath, [
      cli,
      "check",
      "--base",
      "HEAD",
      "--cwd",
      repo.dir,
    ]).catch((error) => error);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("major  /components/schemas/");
    await repo.write(".changeset/tight-names.md", changeset("major"));
    const passed = await run(process.execPath, [cli, "check", "--base", "HEAD", "--cwd", repo.dir]);
    expect(passed.stdout).toContain("ok: the pending changesets cover the spec changes");
  });
});

describe("checkSpec on this repository", () => {
  const root = fileURLToPath(new URL("../../..", import.meta.url));

  it("passes against its own HEAD", async () => {
    const result = await checkSpec({ cwd: root, base: "HEAD" });
    expect(formatResult(result)).toMatch(/^ok: /m);
  });

  it("has a pending changeset for every spec change since the last release", async () => {
    // The same check as the root `spec:check` script: a spec edit merged without a changeset
    // fails the test suite here, not at release time.
    const result = await checkSpec({ cwd: root });
    expect(formatResult(result)).toMatch(/^ok: /m);
  });
});
