import { execFileSync } from "node:child_process";
import {
  link,
  lstat,
  mkdir,
  readFile,
  rename,
  stat,
  symlink,
  truncate,
  writeFile,
} from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useFakeJob } from "./support/fake-job.js";
import { jobDir, writeEmailCsv } from "./support/inputs.js";
import { type BinResult, runBin } from "./support/run-bin.js";

const KEY = "files-key-2b7d4e9a1c";

/** The one stderr line of a refused run, checked for shape (no stack, no key). */
function oneLine(result: BinResult): string {
  const lines = result.stderr.split("\n").filter((line) => line !== "");
  expect(lines).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).not.toContain(KEY);
  return lines[0] as string;
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("set: the files of a job on disk", () => {
  const fakeJob = useFakeJob(KEY);
  let dirCount = 0;

  /** A fresh directory holding `input.csv` (60 addresses). */
  function job(): Promise<{ dir: string; input: string; text: string }> {
    dirCount += 1;
    return jobDir(fakeJob.dir, `job-${dirCount}`, 60);
  }

  const set = (input: string, ...more: string[]) => [
    "set",
    "--group",
    "g-files",
    "--state",
    "unsubscribed",
    "--input",
    input,
    "--base-url",
    fakeJob.fake.url,
    "--json",
    "--quiet",
    ...more,
  ];
  const env = { BRAZE_API_KEY: KEY };

  describe("refuses, with exit 2 and before writing anything, two flags that are one file", () => {
    const cases: Array<
      [string, (j: { dir: string; input: string }) => Promise<string[]>, RegExp, boolean?]
    > = [
      [
        "a report that is a symlink to the input",
        async ({ dir, input }) => {
          await symlink(input, join(dir, "report.ndjson"));
          return ["--report", join(dir, "report.ndjson")];
        },
        /--report .*report\.ndjson and --input .*input\.csv are the same file on disk/,
      ],
      [
        "a report that is a hard link to the input",
        async ({ dir, input }) => {
          await link(input, join(dir, "report.ndjson"));
          return ["--report", join(dir, "report.ndjson")];
        },
        /--report .*report\.ndjson and --input .*input\.csv are the same file on disk/,
      ],
      [
        "a report that is the input through another path (dir/../input.csv)",
        async ({ dir }) => {
          await mkdir(join(dir, "sub"));
          return ["--report", `${dir}/sub/../input.csv`];
        },
        /are the same file on disk/,
      ],
      [
        "a dry run's report that is a symlink to the input",
        async ({ dir, input }) => {
          await symlink(input, join(dir, "report.ndjson"));
          return ["--report", join(dir, "report.ndjson"), "--dry-run"];
        },
        /--report .* and --input .* are the same file on disk/,
      ],
      [
        "an --html job page that is a symlink to the input",
        async ({ dir, input }) => {
          await symlink(input, join(dir, "job.html"));
          return ["--html", join(dir, "job.html")];
        },
        /--html .*job\.html and --input .*input\.csv are the same file on disk/,
      ],
      [
        "a checkpoint that is a hard link to the input",
        async ({ dir, input }) => {
          await link(input, join(dir, "job.checkpoint"));
          return ["--checkpoint", join(dir, "job.checkpoint")];
        },
        /--checkpoint .*job\.checkpoint and --input .*input\.csv are the same file on disk/,
      ],
      [
        "a checkpoint that is a symlink to the input",
        async ({ dir, input }) => {
          await symlink(input, join(dir, "job.checkpoint"));
          return ["--checkpoint", join(dir, "job.checkpoint")];
        },
        /--checkpoint .* and --input .* are the same file on disk/,
      ],
      [
        "a report that is a dangling symlink to where the checkpoint will be created",
        async ({ dir }) => {
          await symlink(join(dir, "job.checkpoint"), join(dir, "report.ndjson"));
          return [
            "--checkpoint",
            join(dir, "job.checkpoint"),
            "--report",
            join(dir, "report.ndjson"),
          ];
        },
        /--report .*report\.ndjson and --checkpoint .*job\.checkpoint are the same file on disk/,
        true,
      ],
      [
        "a report that is a relative dangling symlink to the checkpoint's path",
        async ({ dir }) => {
          await symlink("job.checkpoint", join(dir, "report.ndjson"));
          return [
            "--checkpoint",
            join(dir, "job.checkpoint"),
            "--report",
            join(dir, "report.ndjson"),
          ];
        },
        /--report .* and --checkpoint .* are the same file on disk/,
        true,
      ],
    ];

    it.each(cases)("%s", async (_name, arrange, message, dangling) => {
      const { dir, input, text } = await job();
      const extra = await arrange({ dir, input });
      const result = await runBin(set(input, ...extra), { env });
      expect(result.code).toBe(2);
      expect(oneLine(result)).toMatch(message);
      expect(await readFile(input, "utf8")).toBe(text);
      expect(fakeJob.fake.requests).toHaveLength(0);
      // Nothing was created through a dangling link either.
      if (dangling) await expect(stat(join(dir, "job.checkpoint"))).rejects.toThrow(/ENOENT/);
    });

    it("a report that is a symlink to an existing checkpoint of the same job", async () => {
      const { dir, input } = await job();
      const checkpoint = join(dir, "job.checkpoint");
      const first = await runBin(set(input, "--checkpoint", checkpoint), { env });
      expect(first.code).toBe(3); // the CSV has an invalid row
      const saved = await readFile(checkpoint, "utf8");
      await symlink(checkpoint, join(dir, "report.ndjson"));
      const result = await runBin(
        set(input, "--checkpoint", checkpoint, "--report", join(dir, "report.ndjson")),
        { env },
      );
      expect(result.code).toBe(2);
      expect(oneLine(result)).toMatch(/--report .* and --checkpoint .* are the same file on disk/);
      expect(await readFile(checkpoint, "utf8")).toBe(saved);
    });

    it("a report that is the checkpoint's lock file", async () => {
      const { dir, input, text } = await job();
      const checkpoint = join(dir, "job.checkpoint");
      const result = await runBin(
        set(input, "--checkpoint", checkpoint, "--report", `${checkpoint}.lock`),
        { env },
      );
      expect(result.code).toBe(2);
      expect(oneLine(result)).toMatch(
        /--report .*and the lock of --checkpoint .*(name|are) the same file/,
      );
      expect(await readFile(input, "utf8")).toBe(text);
      expect(fakeJob.fake.requests).toHaveLength(0);
      await expect(stat(`${checkpoint}.lock`)).rejects.toThrow(/ENOENT/);
    });

    // Every check comes before anything is created: the checkpoint's header used to be
    // written first, and then the report refused.
    it("a report that is the checkpoint's lock file: the checkpoint is not created either", async () => {
      const { dir, input } = await job();
      const checkpoint = join(dir, "cl2.ck");
      const result = await runBin(
        set(input, "--checkpoint", checkpoint, "--report", `${checkpoint}.lock`),
        { env },
      );
      expect(result.code).toBe(2);
      expect(oneLine(result)).toMatch(
        /--report .*and the lock of --checkpoint .*cl2\.ck\.lock.*: refusing to overwrite it/,
      );
      await expect(stat(checkpoint)).rejects.toThrow(/ENOENT/);
      await expect(stat(`${checkpoint}.lock`)).rejects.toThrow(/ENOENT/);
    });

    it("a report that cannot be opened: the checkpoint this run created is removed again", async () => {
      const { dir, input } = await job();
      const checkpoint = join(dir, "new.ck");
      const result = await runBin(
        set(input, "--checkpoint", checkpoint, "--report", join(dir, "no-such-dir", "r.ndjson")),
        { env },
      );
      expect(result.code).toBe(2);
      expect(oneLine(result)).toMatch(/cannot write report .*r\.ndjson: no such file or directory/);
      await expect(stat(checkpoint)).rejects.toThrow(/ENOENT/);
      expect(fakeJob.fake.requests).toHaveLength(0);
    });

    // The page used to be written over the lock, which the run then removed: exit 0, no page.
    it("an --html job page that is the checkpoint's lock file (or a link to where it goes)", async () => {
      const { dir, input } = await job();
      const checkpoint = join(dir, "cl.ck");
      await symlink(`${checkpoint}.lock`, join(dir, "page.html"));
      for (const page of [`${checkpoint}.lock`, join(dir, "page.html")]) {
        const result = await runBin(set(input, "--checkpoint", checkpoint, "--html", page), {
          env,
        });
        expect(result.code).toBe(2);
        expect(oneLine(result)).toMatch(
          /--html .*and the lock of --checkpoint .*cl\.ck\.lock.*: refusing to overwrite it/,
        );
      }
      await expect(stat(checkpoint)).rejects.toThrow(/ENOENT/);
      await expect(stat(`${checkpoint}.lock`)).rejects.toThrow(/ENOENT/);
      expect(fakeJob.fake.requests).toHaveLength(0);
    });

    it("--input - redirected from the report file (`--input - < report --report report`)", async () => {
      const { dir } = await job();
      const report = join(dir, "report.ndjson");
      const text = "email\nfrom-report@example.com\n";
      await writeFile(report, text);
      const result = await runBin(set("-", "--report", report), { env, stdinFile: report });
      expect(result.code).toBe(2);
      expect(oneLine(result)).toMatch(/--report .*report\.ndjson and --input - are the same file/);
      expect(await readFile(report, "utf8")).toBe(text);
    });
  });

  it("a checkpoint given as a dangling symlink is created where the link leads, and the link resumes", async () => {
    const { dir, input } = await job();
    await mkdir(join(dir, "elsewhere"));
    const target = join(dir, "elsewhere", "real.checkpoint");
    const link = join(dir, "job.checkpoint");
    await symlink(target, link);
    const first = await runBin(set(input, "--checkpoint", link), { env });
    expect(first.code).toBe(3);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(target, "utf8")).toMatch(/"succeeded"/);
    // Writes only: each run starts with its preflight read.
    const writes = () => fakeJob.fake.requests.filter((r) => r.method === "POST").length;
    const sent = writes();
    const again = await runBin(set(input, "--checkpoint", link), { env });
    expect(again.code).toBe(3);
    expect(writes()).toBe(sent); // everything resumed, nothing resent
  });

  describe("--checkpoint must be a regular file", () => {
    it.each([
      ["/dev/zero", async () => "/dev/zero"],
      [
        "a FIFO",
        async (dir: string) => {
          execFileSync("mkfifo", [join(dir, "fifo")]);
          return join(dir, "fifo");
        },
      ],
      [
        "a directory",
        async (dir: string) => {
          await mkdir(join(dir, "a-dir"));
          return join(dir, "a-dir");
        },
      ],
    ])("refuses %s at once, reading nothing", async (_name, make) => {
      const { dir, input } = await job();
      const started = Date.now();
      const result = await runBin(set(input, "--checkpoint", await make(dir)), { env });
      expect(result.code).toBe(2);
      expect(oneLine(result)).toMatch(/--checkpoint .* is not a regular file/);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(fakeJob.fake.requests).toHaveLength(0);
    });
  });

  // `--input <(cmd)` is /dev/fd/63, a pipe; so is /dev/stdin under `cmd |` (a socket here:
  // Node gives a child's stdin as one). A file is read twice (its lines counted first), a
  // pipe once: the refusal says to use --input -.
  it("an input that is a pipe (/dev/stdin under a pipe) is refused, pointing to --input -", async () => {
    const { dir, text } = await job();
    const report = join(dir, "report.ndjson");
    const result = await runBin(set("/dev/stdin", "--report", report), { env, stdin: text });
    expect(result.code).toBe(2);
    expect(oneLine(result)).toMatch(
      /cannot read input \/dev\/stdin: not a regular file \(a (pipe|socket)\); .*give --input - and pipe it to stdin/,
    );
    await expect(stat(report)).rejects.toThrow(/ENOENT/);
    expect(fakeJob.fake.requests).toHaveLength(0);
    // What the message suggests works.
    const piped = await runBin(set("-", "--report", report), { env, stdin: text });
    expect(piped.code).toBe(3); // the CSV's invalid row
  });

  describe("one run per checkpoint", () => {
    it("refuses a second run while the first holds the checkpoint, without touching its report", async () => {
      const { dir, input } = await job();
      await writeEmailCsv(input, 6_000);
      const checkpoint = join(dir, "job.checkpoint");
      const report = join(dir, "report.ndjson");
      // 60 requests per second: the first run lasts about two seconds.
      const args = set(
        input,
        "--checkpoint",
        checkpoint,
        "--report",
        report,
        "--rate-limit",
        "6/100ms",
      );
      const first = runBin(args, { env });
      await waitFor(() => fakeJob.fake.requests.length >= 3, "the first run to send");
      const reportBefore = (await stat(report)).size;
      const second = await runBin(args, { env });
      expect(second.code).toBe(2);
      expect(oneLine(second)).toMatch(
        new RegExp(
          `checkpoint .*job\\.checkpoint is in use by process \\d+ on ${hostname()}, since .*: wait for it to end, or delete .*job\\.checkpoint\\.lock if that run is gone`,
        ),
      );
      expect((await stat(report)).size).toBeGreaterThanOrEqual(reportBefore);
      const done = await first;
      expect(done.code).toBe(3);
      expect(JSON.parse(done.stdout)).toMatchObject({ total: 6_000, failed: 0 });
      await expect(stat(`${checkpoint}.lock`)).rejects.toThrow(/ENOENT/);
    });

    it("takes over a lock whose process is gone, or whose pid now belongs to another process", async () => {
      const { dir, input } = await job();
      const checkpoint = join(dir, "job.checkpoint");
      // A process that ran and exited: its pid is free.
      const gone = Number(
        execFileSync(process.execPath, ["-p", "process.pid"], { encoding: "utf8" }),
      );
      for (const owner of [
        { pid: gone, host: hostname(), startTime: "1", since: "2026-01-01T00:00:00.000Z" },
        // This very test process, but started at another time: the pid was reused.
        { pid: process.pid, host: hostname(), startTime: "1", since: "2026-01-01T00:00:00.000Z" },
      ]) {
        await writeFile(`${checkpoint}.lock`, `${JSON.stringify(owner)}\n`);
        const result = await runBin(set(input, "--checkpoint", checkpoint), { env });
        expect(result.stderr).toBe("");
        expect(result.code).toBe(3);
        await expect(stat(`${checkpoint}.lock`)).rejects.toThrow(/ENOENT/);
      }
    });

    it("never takes over a lock from another host, and says how to remove it", async () => {
      const { dir, input } = await job();
      const checkpoint = join(dir, "job.checkpoint");
      const owner = {
        pid: 4242,
        host: "other-host.example",
        startTime: null,
        since: "2026-01-01T00:00:00.000Z",
      };
      await writeFile(`${checkpoint}.lock`, `${JSON.stringify(owner)}\n`);
      const result = await runBin(set(input, "--checkpoint", checkpoint), { env });
      expect(result.code).toBe(2);
      expect(oneLine(result)).toMatch(
        /is in use by process 4242 on other-host\.example, since .*: wait for it to end, or delete .*job\.checkpoint\.lock if that run is gone/,
      );
      expect(fakeJob.fake.requests).toHaveLength(0);
    });
  });

  describe("an input that changes under the job", () => {
    it.each([
      [
        "truncated to a third",
        async (input: string, size: number) => truncate(input, Math.floor(size / 3)),
        /input .*input\.csv was truncated from \d+ to \d+ bytes during the run/,
      ],
      [
        "replaced by another file",
        async (input: string) => {
          await writeFile(`${input}.new`, "email\nother@example.com\n");
          await rename(`${input}.new`, input);
        },
        /input .*input\.csv was replaced by another file during the run/,
      ],
    ])("%s: reported on stderr, exit 3", async (_name, change, message) => {
      const { input } = await job();
      await writeEmailCsv(input, 20_000);
      const { size } = await stat(input);
      const run = runBin(set(input, "--rate-limit", "20/100ms"), { env });
      await waitFor(() => fakeJob.fake.requests.length >= 2, "the run to send");
      await change(input, size);
      const result = await run;
      expect(result.code).toBe(3);
      expect(oneLine(result)).toMatch(message);
      expect(result.stderr).toMatch(/rerun once it stops changing/);
    });

    it("a file redirected to stdin (`--input - < list.csv`), truncated: reported too", async () => {
      const { input } = await job();
      await writeEmailCsv(input, 20_000);
      const { size } = await stat(input);
      const run = runBin(set("-", "--rate-limit", "20/100ms"), { env, stdinFile: input });
      await waitFor(() => fakeJob.fake.requests.length >= 2, "the run to send");
      await truncate(input, Math.floor(size / 3));
      const result = await run;
      expect(result.code).toBe(3);
      expect(oneLine(result)).toMatch(
        /input stdin was truncated from \d+ to \d+ bytes during the run/,
      );
    });
  });
});
