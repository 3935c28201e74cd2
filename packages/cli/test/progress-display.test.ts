import { PassThrough, Writable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import type { CliIo } from "../src/io.js";
import { createProgressDisplay } from "../src/progress/progress-display.js";
import { etaMs, RateMeter } from "../src/progress/rate-meter.js";

/** A stderr that records what is written, claiming to be a terminal or not. */
function recordingIo(isTTY: boolean): { io: CliIo; text: () => string } {
  const chunks: string[] = [];
  const stderr = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    { isTTY, columns: 120 },
  );
  const io: CliIo = { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {} };
  return { io, text: () => chunks.join("") };
}

const snapshot = (done: number) => ({
  done,
  total: 1_000,
  succeeded: done,
  failed: 2,
  invalid: 0,
  duplicates: 0,
  requests: done / 50,
});

describe("progress display", () => {
  it("draws a bar with the rate, ETA and failures when stderr is a terminal", async () => {
    const { io, text } = recordingIo(true);
    const display = createProgressDisplay(io, { unit: "ids" });
    display.update(snapshot(100));
    await new Promise((resolve) => setTimeout(resolve, 150));
    display.update(snapshot(400));
    display.stop(snapshot(1_000));
    expect(text()).toMatch(/█+░*\s+\d+% \| \d+\/1000 ids \| \d+ ids\/s \| ETA [^|]+\| 2 failed/);
    expect(text()).toMatch(/100% \| 1000\/1000 ids/);
  });

  it("prints a plain line per interval when stderr is not a terminal", async () => {
    const { io, text } = recordingIo(false);
    const display = createProgressDisplay(io, { unit: "ids", intervalMs: 50 });
    display.update(snapshot(100));
    display.update(snapshot(300));
    await new Promise((resolve) => setTimeout(resolve, 130));
    display.stop(snapshot(1_000));
    const lines = text().trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines.slice(0, -1))
      expect(line).toMatch(
        /^progress: 300\/1000 ids \(30\.0%\), [1-9]\d* ids\/s, ETA \S+; 300 succeeded, 2 failed/,
      );
    expect(lines.at(-1)).toMatch(/^progress: 1000\/1000 ids \(100\.0%\)/);
    // No ANSI escape sequence (ESC "[") in the plain-line mode.
    expect(text()).not.toContain("\u001b[");
  });

  it("prints a line per interval also while nothing settles (a job waiting for the next window), and stops when the display does", async () => {
    const { io, text } = recordingIo(false);
    const display = createProgressDisplay(io, { unit: "ids", intervalMs: 40 });
    display.update(snapshot(100));
    await new Promise((resolve) => setTimeout(resolve, 50));
    display.update(snapshot(300));
    // No update for several intervals: the clock prints the latest counts.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const printed = text().trim().split("\n");
    const waiting = printed.slice(printed.findIndex((line) => line.includes(" 300/1000 ")));
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    for (const line of waiting) expect(line).toMatch(/^progress: 300\/1000 ids/);
    display.stop(snapshot(1_000));
    const stopped = text().length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(text().length).toBe(stopped);
  });

  it("shows a dry run's valid, invalid and duplicate counts, not sending counts of zero", async () => {
    const plan = { ...snapshot(1_000), succeeded: 0, failed: 0, invalid: 3, duplicates: 2 };
    const lines = recordingIo(false);
    createProgressDisplay(lines.io, { unit: "ids", counts: "plan" }).stop(plan);
    // One sample only (a run shorter than an interval): the rate is the whole run's, not 0.
    expect(lines.text()).toMatch(
      /^progress: 1000\/1000 ids \(100\.0%\), [1-9]\d* ids\/s, ETA \S+; 995 valid, 3 invalid, 2 duplicates; nothing sent\n$/,
    );
    const bar = recordingIo(true);
    const display = createProgressDisplay(bar.io, { unit: "ids", counts: "plan" });
    display.update(plan);
    display.stop(plan);
    expect(bar.text()).toMatch(/\| 3 invalid/);
    expect(bar.text()).not.toMatch(/failed/);
  });
});

describe("progress display of a stalled job", () => {
  it("shows 0 ids/s and no ETA while nothing moves, not the average of the run so far", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const start = 1_000_000;
      vi.setSystemTime(start);
      const { io, text } = recordingIo(false);
      const display = createProgressDisplay(io, { unit: "ids", intervalMs: 1_000 });
      display.update(snapshot(100));
      vi.setSystemTime(start + 1_000);
      display.update(snapshot(300));
      // Nothing done for longer than the meter's window (Redis down, a rate-limit pause).
      vi.setSystemTime(start + 12_000);
      display.update(snapshot(300));
      const lines = text().trim().split("\n");
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^progress: 300\/1000 ids \(30\.0%\), 200 ids\/s, ETA /);
      expect(lines[1]).toMatch(/^progress: 300\/1000 ids \(30\.0%\), 0 ids\/s, ETA --;/);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("progress display of a job paced by a server's windows", () => {
  it("keeps the rate and ETA of a minute's window through its burst and its wait (they read 1h 21m between two)", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const start = 1_000_000;
      vi.setSystemTime(start);
      // Braze's shape: 5,000 requests of 50 a minute, spent as each window opens.
      const pace = { limit: 5_000, intervalMs: 60_000 };
      const { io, text } = recordingIo(false);
      const display = createProgressDisplay(io, { unit: "ids", intervalMs: 5_000, pace });
      const at = (ms: number, done: number) => {
        vi.setSystemTime(start + ms);
        display.update({ ...snapshot(done), total: 1_000_000, succeeded: done });
      };
      at(0, 0);
      // The first window's burst: 250,000 in 5 s is no rate the job keeps.
      at(5_000, 250_000);
      // Waiting for the next window, then its burst.
      for (let ms = 10_000; ms < 60_000; ms += 5_000) at(ms, 250_000);
      at(65_000, 500_000);
      for (let ms = 70_000; ms < 120_000; ms += 5_000) at(ms, 500_000);
      const lines = text().trim().split("\n");
      const etas = lines.map((line) => /ETA ([^;]+);/.exec(line)?.[1]);
      const seconds = (eta: string | undefined) => {
        const match = /^(?:(\d+)m ?)?(?:([\d.]+)s)?$/.exec(eta ?? "");
        return match ? Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0) : Number.NaN;
      };
      // 750,000 left after the burst: 15,000 requests, two windows at least beyond one free.
      expect(seconds(etas[1])).toBeGreaterThanOrEqual(120);
      // While the job waits for a window, the rate stays the windows' average: no stall.
      for (const line of lines.slice(2)) expect(line).not.toMatch(/ 0 ids\/s|ETA --/);
      for (const eta of etas.slice(1)) expect(seconds(eta)).toBeLessThanOrEqual(240);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("RateMeter", () => {
  it("measures identifiers per second over its window and gives an ETA", () => {
    const meter = new RateMeter(10_000);
    meter.sample(0, 0);
    expect(meter.sample(500, 1_000)).toBe(500);
    expect(meter.sample(1_500, 2_000)).toBe(750);
    expect(etaMs({ done: 1_500, total: 3_000 }, 750)).toBe(2_000);
    expect(etaMs({ done: 1, total: undefined }, 10)).toBeUndefined();
    // Paced: never less than the requests left take beyond one window's budget.
    const pace = { limit: 100, intervalMs: 1_000 };
    expect(etaMs({ done: 1_000, total: 31_000, requests: 20 }, 1_000_000, pace)).toBe(5_000);
    expect(etaMs({ done: 1_000, total: 3_000, requests: 20 }, 1_000, pace)).toBe(2_000);
  });
});
