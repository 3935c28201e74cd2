import { describe, expect, it } from "vitest";
import { describeCommand } from "../src/html-report/describe-command.js";
import { embedJson } from "../src/html-report/embed-json.js";
import { FailureSample, MAX_SHOWN_CHARS } from "../src/html-report/failure-sample.js";
import { budgetUse, budgetWindow } from "../src/html-report/page/budget-use.js";
import { formatShare } from "../src/html-report/page/dom.js";
import { DAY, timeTickSpace } from "../src/html-report/page/tick-space.js";
import { timeAxis } from "../src/html-report/page/time-axis.js";
import { MIN_SPAN_SECONDS, timeRange } from "../src/html-report/page/time-range.js";
import { pointWindow, timelinePoints } from "../src/html-report/page/timeline-points.js";
import { escapeInvisible } from "../src/html-report/page/visible-text.js";
import { zoomMoves } from "../src/html-report/page/zoom-span.js";
import { MAX_LISTED_PAIRS, PairTally } from "../src/html-report/pair-tally.js";
import { describeTarget } from "../src/html-report/start-job.js";
import { TimelineRecorder } from "../src/html-report/timeline-recorder.js";

describe("embedJson", () => {
  it.each([
    ["a closing script tag", "</script><script>alert(1)</script>"],
    ["a comment opener", "<!-- x"],
    ["markup", "<img src=x onerror=alert(1)>"],
    ["line and paragraph separators", "a\u2028b\u2029c"],
    ["an ampersand entity", "&lt;b&gt;"],
  ])("keeps %s out of the markup and reads back unchanged", (_name, text) => {
    const embedded = embedJson({ id: text });
    expect(embedded).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(embedded)).toEqual({ id: text });
  });
});

describe("TimelineRecorder", () => {
  it("keeps one entry per second whatever the number of events, with latency percentiles", () => {
    const record = (events: number) => {
      let now = 1_000_000;
      const timeline = new TimelineRecorder(() => now);
      const hooks = timeline.hooks();
      for (let i = 0; i < events; i += 1) {
        now = 1_000_000 + Math.floor((i * 4_000) / events); // spread over 4 seconds
        hooks.onRequest?.({
          operation: "setSubscriptionStatus",
          method: "POST",
          url: "http://x/",
          attempt: 1,
        });
        const latencyMs = (i % 100) + 1; // 1..100 ms, evenly
        hooks.onResponse?.({
          operation: "setSubscriptionStatus",
          status: i % 50 === 0 ? 429 : 201,
          attempt: 1,
          latencyMs,
          rateLimit: {},
        });
      }
      return timeline.toJSON();
    };
    const small = record(1_000);
    const large = record(200_000);
    expect(large.requests).toEqual([50_000, 50_000, 50_000, 50_000]);
    expect(large.throttled).toEqual([1_000, 1_000, 1_000, 1_000]);
    expect(large.p50).toEqual([50, 50, 50, 50]);
    expect(large.p95).toEqual([95, 95, 95, 95]);
    expect(large.p99).toEqual([99, 99, 99, 99]);
    // The size depends on the duration, not on the number of requests.
    expect(large.requests.length).toBe(small.requests.length);
    expect(JSON.stringify(large).length - JSON.stringify(small).length).toBeLessThan(40);
  });

  it("counts retries and pauses in the second they happen, and leaves silent seconds empty", () => {
    let now = 0;
    const timeline = new TimelineRecorder(() => now);
    const hooks = timeline.hooks();
    now = 2_500;
    hooks.onRetry?.({ attempt: 1, delayMs: 10, reason: { code: "http_503", message: "HTTP 503" } });
    hooks.onRateLimited?.({ status: 429, untilEpochMs: 3_700 });
    const data = timeline.toJSON();
    expect(data.retries).toEqual([0, 0, 1]);
    expect(data.pauses).toEqual([0, 0, 1]);
    expect(data.pauseMs).toEqual([0, 0, 1_200]);
    expect(data.p50).toEqual([null, null, null]);
  });

  it("counts apart the attempts that draw on the job's budget (a write job's reads do not)", () => {
    let now = 0;
    const writes = (operation: string) => operation === "setSubscriptionStatus";
    const timeline = new TimelineRecorder(() => now, writes);
    const hooks = timeline.hooks();
    const request = (operation: string, method: string) =>
      hooks.onRequest?.({ operation, method, url: "http://x/", attempt: 1 });
    request("getSubscriptionStatus", "GET");
    request("setSubscriptionStatus", "POST");
    now = 1_200;
    request("setSubscriptionStatus", "POST");
    request("POST /elsewhere", "POST");
    const data = timeline.toJSON();
    expect(data.requests).toEqual([2, 2]);
    expect(data.budgeted).toEqual([1, 1]);
  });

  it("keeps the server's count of its window from the answers on the job's budget", () => {
    let now = 0;
    const writes = (operation: string) => operation === "setSubscriptionStatus";
    const timeline = new TimelineRecorder(() => now, writes);
    const hooks = timeline.hooks();
    const answer = (operation: string, rateLimit: { limit?: number; remaining?: number }) =>
      hooks.onResponse?.({ operation, status: 201, attempt: 1, latencyMs: 5, rateLimit });
    answer("setSubscriptionStatus", { limit: 600, remaining: 590 });
    answer("setSubscriptionStatus", { limit: 600, remaining: 560 });
    // A read's budget is another: its word is not the job's.
    answer("getSubscriptionStatus", { limit: 250_000, remaining: 1 });
    now = 1_500;
    answer("setSubscriptionStatus", {}); // no headers: nothing known
    now = 2_100;
    answer("setSubscriptionStatus", { limit: 600, remaining: 0 });
    const data = timeline.toJSON();
    expect(data.serverUsed).toEqual([40, null, 600]);
    expect(data.serverLimit).toBe(600);
  });
});

describe("describeCommand", () => {
  it("masks the key and a Redis URL whatever their form, and quotes for a shell", () => {
    const key = "abcd-1234-efgh-5678";
    const text = describeCommand(
      "braze-subscriptions",
      [
        "set",
        "--api-key",
        key,
        `--api-key=${key}`,
        "--redis-url",
        "redis://user:secret@host:6379",
        "--input",
        "my list.csv",
        `--column=${key}`,
      ],
      [key],
    );
    expect(text).toBe(
      "braze-subscriptions set --api-key [redacted] --api-key=[redacted] --redis-url [redacted] --input 'my list.csv' --column=[redacted]",
    );
  });
});

describe("describeCommand and describeTarget: a key in the base URL", () => {
  // Shorter than the 8 characters free text is masked from, and percent-encoded in a URL.
  const key = 'sk<ü>"x';

  it("masks it in --base-url's value whatever its length and form, as typed or encoded", () => {
    const text = describeCommand(
      "braze-subscriptions",
      [
        "set",
        "--base-url",
        `http://127.0.0.1:9/p/${key}/`,
        `--base-url=http://127.0.0.1:9/q/${encodeURI(key)}/`,
        "--input",
        "sk.csv",
      ],
      [key],
    );
    expect(text).toBe(
      "braze-subscriptions set --base-url http://127.0.0.1:9/p/[redacted]/ --base-url=http://127.0.0.1:9/q/[redacted]/ --input sk.csv",
    );
    expect(JSON.stringify(text)).not.toMatch(/sk(<|%3C)/i);
  });

  it("masks it in the target, as the URL parser encodes it", () => {
    const target = describeTarget({ baseUrl: new URL(`http://127.0.0.1:9/p/${key}`).href }, [key]);
    expect(target).toBe("http://127.0.0.1:9/p/[redacted]");
  });
});

describe("FailureSample", () => {
  it("keeps the first rows of each outcome up to the cap and counts them all", () => {
    const sample = new FailureSample(2);
    for (let line = 1; line <= 5; line += 1) {
      for (const outcome of ["invalid", "failed", "succeeded"] as const) {
        sample.add({
          line,
          id: `${outcome}-${line}`,
          outcome,
          error: outcome === "succeeded" ? null : { code: "format", message: "bad", status: 400 },
        });
      }
    }
    const rows = sample.toJSON();
    expect(rows.totals).toEqual({ invalid: 5, failed: 5 });
    expect(rows.rows.map((row) => row[1])).toEqual([
      "invalid-1",
      "failed-1",
      "invalid-2",
      "failed-2",
    ]);
    expect(rows.strings).toEqual(["invalid", "format", "bad", "failed"]);
  });

  it("keeps a row's group, and says what Braze holds for a verify line that differs or is unknown", () => {
    const sample = new FailureSample();
    const differs = { id: "a@x.io", outcome: "differs", error: null, state: "subscribed" };
    sample.add({ ...differs, line: 2 });
    sample.add({ ...differs, line: 3, group: "g-promo", expected: "unsubscribed" });
    sample.add({ line: 4, id: "b", outcome: "unknown", error: null, state: "unknown" });
    // A report read back may hold anything: a group that is not a string is not shown.
    sample.add({ ...differs, line: 5, group: { x: 1 } as unknown as string });
    const { rows, strings } = sample.toJSON();
    const shown = rows.map(([line, , , , message, , group]) => [
      line,
      message < 0 ? null : strings[message],
      group < 0 ? null : strings[group],
    ]);
    expect(shown).toEqual([
      [2, "Braze holds subscribed", null],
      [3, "Braze holds subscribed; expected unsubscribed", "g-promo"],
      [4, "Braze has no state for it in the group", null],
      [5, "Braze holds subscribed", null],
    ]);
  });

  // 1,000 invalid 50 kB "identifiers" made a 50 MB page that took 16 s to open.
  it("clips a long identifier or message to what a page shows, saying how much is left out", () => {
    const sample = new FailureSample(1_000);
    const long = "x".repeat(50_000);
    for (let line = 1; line <= 1_000; line += 1) {
      const message = `not an address: ${line}${long}`;
      sample.add({
        line,
        id: `${line}${long}`,
        outcome: "invalid",
        error: { code: "format", message },
      });
    }
    const rows = sample.toJSON();
    expect(rows.totals).toEqual({ invalid: 1_000 });
    const first = rows.rows[0]?.[1] as string;
    expect(first).toBe(
      `1${"x".repeat(MAX_SHOWN_CHARS - 1)}… (49,001 more characters, in the report)`,
    );
    expect(rows.strings[rows.rows[0]?.[4] as number]).toMatch(
      /^not an address: 1x+… \(49,\d{3} more/,
    );
    expect(JSON.stringify(rows).length).toBeLessThan(2_000 * (MAX_SHOWN_CHARS + 100));
  });

  it("never cuts a surrogate pair, and masks a key before the clip could cut it in two", () => {
    const key = "clip-key-0123456789";
    const redact = (text: string) => text.replaceAll(key, "[redacted]");
    const sample = new FailureSample(10, redact);
    // The key straddles the clip: masked after clipping, its first half would show.
    const message = `${"m".repeat(MAX_SHOWN_CHARS - 5)}${key}${"m".repeat(100)}`;
    const emoji = `${"e".repeat(MAX_SHOWN_CHARS - 1)}😀${"e".repeat(10)}`;
    sample.add({ line: 2, id: emoji, outcome: "failed", error: { code: "http_400", message } });
    const rows = sample.toJSON();
    expect(rows.rows[0]?.[1]).toBe(
      `${"e".repeat(MAX_SHOWN_CHARS - 1)}… (12 more characters, in the report)`,
    );
    const shown = rows.strings[rows.rows[0]?.[4] as number] as string;
    expect(shown).not.toContain(key.slice(0, 5));
    expect(shown.startsWith(`${"m".repeat(MAX_SHOWN_CHARS - 5)}[red`)).toBe(true);
  });
});

describe("timeRange", () => {
  const at = (seconds: number) => new Date(seconds * 1000).toISOString();

  it.each([
    [
      "one point: 10 s centred on the job",
      [1000, 1000, 1, at(1000.2), at(1000.9)],
      [995.5, 1005.5],
    ],
    ["the job's start and end widen it", [1000, 1001, 1, at(998), at(1004)], [996, 1006]],
    ["a long job: its own span, unpadded", [1000, 4000, 2, at(999), at(4001)], [999, 4002]],
    ["unknown times: the recorded seconds", [1000, 1000, 1, null, null], [995.5, 1005.5]],
  ] as const)("%s", (_name, [first, last, step, startedAt, endedAt], want) => {
    const range = timeRange(first, last, step, { startedAt, endedAt });
    expect(range).toEqual(want);
    expect(range[1] - range[0]).toBeGreaterThanOrEqual(MIN_SPAN_SECONDS);
  });
});

describe("timeAxis", () => {
  type Labels = (u: never, ticks: number[], axis: number, space: number, step: number) => string[];
  type Ticks = (
    u: never,
    axis: number,
    min: number,
    max: number,
    step: number,
    space: number,
  ) => number[];
  const labels = timeAxis.values as Labels;
  const ticks = timeAxis.splits as Ticks;
  const at = (day: number, hour: number, minute = 0, second = 0) =>
    Date.UTC(2026, 11, day, hour, minute, second) / 1000;

  it.each<[string, { ticks: number[]; step: number; want: string[] }]>([
    [
      "seconds: a 24-hour UTC clock, the date under the first tick",
      {
        ticks: [at(5, 10, 40, 20), at(5, 10, 40, 25)],
        step: 5,
        want: ["10:40:20\n2026-12-05", "10:40:25"],
      },
    ],
    [
      "hours across a UTC midnight: no seconds, the date under the tick that starts a day",
      {
        ticks: [at(5, 22), at(5, 23), at(6, 0)],
        step: 3600,
        want: ["22:00\n2026-12-05", "23:00", "00:00\n2026-12-06"],
      },
    ],
    [
      "days: the dates alone",
      { ticks: [at(5, 0), at(6, 0)], step: 86_400, want: ["2026-12-05", "2026-12-06"] },
    ],
  ])("labels %s", (_name, { ticks: given, step, want }) => {
    expect(labels(undefined as never, given, 0, 80, step)).toEqual(want);
  });

  it("ticks fall on whole UTC steps inside the span", () => {
    expect(ticks(undefined as never, 0, at(5, 10, 40, 21.5), at(5, 10, 41, 5), 15, 80)).toEqual([
      at(5, 10, 40, 30),
      at(5, 10, 40, 45),
      at(5, 10, 41),
    ]);
    expect(ticks(undefined as never, 0, at(5, 9, 30), at(5, 12, 10), 3600, 80)).toEqual([
      at(5, 10),
      at(5, 11),
      at(5, 12),
    ]);
  });
});

describe("zoomMoves", () => {
  const whole = [1_000, 1_600] as const;
  it.each<[string, { shown: readonly [number, number]; want: Record<string, readonly number[]> }]>([
    [
      "from the whole job: in halves it about its middle; nothing else moves",
      {
        shown: whole,
        want: { in: [1_150, 1_450], out: whole, earlier: whole, later: whole, whole },
      },
    ],
    [
      "from a span inside: out doubles it, earlier and later move it by half its length",
      {
        shown: [1_200, 1_300],
        want: {
          in: [1_225, 1_275],
          out: [1_150, 1_350],
          earlier: [1_150, 1_250],
          later: [1_250, 1_350],
          whole,
        },
      },
    ],
    [
      "near an end: moved back inside the job, never past it; in stops at the shortest span",
      {
        shown: [1_570, 1_600],
        want: {
          in: [1_575, 1_595],
          out: [1_540, 1_600],
          earlier: [1_555, 1_585],
          later: [1_570, 1_600],
          whole,
        },
      },
    ],
  ])("%s", (_name, { shown, want }) => {
    expect(zoomMoves(shown, whole, 20)).toEqual(want);
  });
});

describe("pointWindow and timelinePoints", () => {
  /** A timeline of `seconds` from epoch second 1,000: `requestsAt(i)` requests in second i. */
  const timeline = (seconds: number, requestsAt: (i: number) => number = () => 1) => {
    const column = <T>(value: (i: number) => T) =>
      Array.from({ length: seconds }, (_, i) => value(i));
    return {
      startEpochMs: 1_000_000,
      stepMs: 1_000,
      requests: column(requestsAt),
      throttled: column((i) => (i === 3 ? 1 : 0)),
      retries: column(() => 0),
      pauses: column(() => 0),
      pauseMs: column(() => 0),
      p50: column((i) => (requestsAt(i) > 0 ? 10 + i : null)),
      p95: column(() => null),
      p99: column(() => null),
    };
  };

  it("an hour's whole span: 2 s a point, every step; a minute of it: each second, a span beyond each side", () => {
    const hour = timeline(3_600);
    expect(pointWindow(hour, [1_000, 4_600])).toEqual({ stepsPerPoint: 2, from: 0, to: 3_600 });
    expect(pointWindow(hour, [2_800, 2_860])).toEqual({ stepsPerPoint: 1, from: 1_740, to: 1_920 });
    // A job that waited an hour before its 100 s of requests: its whole span needs no merging.
    expect(pointWindow(timeline(100), [-2_600, 1_100])).toEqual({
      stepsPerPoint: 1,
      from: 0,
      to: 100,
    });
    // Near an end the window stops at the record's.
    expect(pointWindow(hour, [4_540, 4_600])).toEqual({ stepsPerPoint: 1, from: 3_480, to: 3_600 });
  });

  it("a day's job zoomed to a minute draws a few hundred points, not 86,400; merged points stay put as one pans", () => {
    const day = timeline(DAY);
    const minute = pointWindow(day, [50_000, 50_060]);
    expect(minute.stepsPerPoint).toBe(1);
    expect(minute.to - minute.from).toBe(180);
    const hours = pointWindow(day, [20_000, 30_000]);
    expect(hours.stepsPerPoint).toBe(5);
    expect(hours.from % 5).toBe(0);
    expect((hours.to - hours.from) / hours.stepsPerPoint).toBeLessThanOrEqual(3 * 2_000 + 1);
  });

  it("merges rates by average, marks by sum, latencies by the worst; one step a point keeps each second", () => {
    const t = timeline(6, (i) => (i % 2 === 1 ? 2 : 0));
    const used = [0, 2, 0, 2, 0, 2];
    const merged = timelinePoints(t, used, { stepsPerPoint: 2, from: 0, to: 6 });
    expect(merged).toMatchObject({
      stepMs: 2_000,
      x: [1_000, 1_002, 1_004],
      requests: [1, 1, 1],
      used: [2, 2, 2],
      throttled: [0, 1, 0],
      p50: [11, 13, 15],
      p95: [null, null, null],
    });
    const each = timelinePoints(t, null, { stepsPerPoint: 1, from: 2, to: 5 });
    expect(each).toMatchObject({
      stepMs: 1_000,
      x: [1_002, 1_003, 1_004],
      requests: [0, 2, 0],
      used: null,
      p50: [null, 13, null],
    });
  });
});

describe("timeTickSpace", () => {
  // About the widths of DejaVu Sans at 12 px, the font of the test machine's Chromium.
  const widths = { seconds: 57, minutes: 35, date: 72 };
  const STEPS = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1_200, 1_800, 3_600, 7_200, DAY];
  const at = (hour: number, minute = 0) => Date.UTC(2026, 11, 5, hour, minute) / 1000;
  /** The step uPlot finds for the space: the first whose pixels reach it. */
  const step = (min: number, max: number, px: number) => {
    const space = timeTickSpace(min, max, px, STEPS, widths);
    return STEPS.find((incr) => (px * incr) / (max - min) >= space);
  };

  it.each([
    [
      "an hour on a phone's 205 px: 15 min (80 px kept 30 min, two ticks)",
      at(13, 5),
      at(14, 5),
      205,
      900,
    ],
    ["an hour on a desktop's 1,000 px: 5 min", at(13, 5), at(14, 5), 1_000, 300],
    ["50 s on a phone: 20 s, room for labels with seconds", at(13, 5), at(13, 5) + 50, 205, 20],
    ["a minute on a desktop: 5 s", at(13, 5), at(13, 6), 1_000, 5],
    [
      "hours across a UTC midnight: room for the date under the day's first tick",
      at(20),
      at(28),
      400,
      7_200,
    ],
  ])("%s", (_name, min, max, px, want) => {
    expect(step(min, max, px)).toBe(want);
  });

  it("a span of nothing or of no pixels asks for the widest label's room", () => {
    expect(timeTickSpace(5, 5, 200, STEPS, widths)).toBe(72 + 16);
    expect(timeTickSpace(5, 10, 0, STEPS, widths)).toBe(72 + 16);
  });
});

describe("budgetWindow", () => {
  it("a job that spends a minute's budget in its first seconds keeps the rule", () => {
    // Braze accepts a whole window at once: 5,000 in 5 s is 1,000/s against "83.33/s", and
    // still no more than the rule in any minute.
    const requests = [1000, 1000, 1000, 1000, 1000, ...Array(55).fill(0), 800, 700];
    const view = budgetWindow(requests, 1000, { limit: 5000, intervalMs: 60_000 });
    expect(view).toMatchObject({ windowMs: 60_000, ceiling: 5000, busiest: 5000 });
    expect(view.counts.slice(0, 5)).toEqual([1000, 2000, 3000, 4000, 5000]);
    // The first second leaves the window as the 61st enters.
    expect(view.counts.slice(-2)).toEqual([4800, 4500]);
  });

  it("a rule shorter than a step is counted per step, with what the rule allows in one", () => {
    const view = budgetWindow([48, 50, 12], 1000, { limit: 25, intervalMs: 500 });
    expect(view).toMatchObject({ windowMs: 1000, ceiling: 50, busiest: 50 });
    expect(view.counts).toEqual([48, 50, 12]);
  });

  it("an interval that is not whole steps is widened, and so is what it allows", () => {
    const view = budgetWindow([5, 5, 5], 1000, { limit: 6, intervalMs: 1500 });
    expect(view).toMatchObject({ windowMs: 2000, ceiling: 12, busiest: 10 });
  });

  it("a job of days: no step too many for its busiest window", () => {
    const requests = Array.from({ length: 300_000 }, (_, i) => i % 7);
    expect(budgetWindow(requests, 1000, { limit: 100, intervalMs: 1000 }).busiest).toBe(6);
  });
});

describe("budgetUse", () => {
  const rule = { limit: 600, intervalMs: 10_000 };
  // Fixed windows, a job started late in one: it spends what that window leaves, then the
  // next window's budget at its start. Lawful (the server refused nothing), yet 995 of its
  // requests fell within 10 s: its own trailing count shows more than the rule allows.
  const requests = [0, 0, 0, 0, 0, 0, 0, 0, 200, 195, 200, 200, 200, 0];
  const serverUsed = [
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    200,
    395,
    200,
    400,
    600,
    null,
  ];

  it("draws the server's count of its window when its answers said it", () => {
    const use = budgetUse({ requests, stepMs: 1000, serverUsed, serverLimit: 600 }, rule);
    expect(use).toMatchObject({ source: "server", allowed: 600, busiest: 600 });
    expect(use.used).toEqual(serverUsed);
  });

  it("counts the job's own requests per window of the rule otherwise", () => {
    for (const word of [{}, { serverUsed: requests.map(() => null), serverLimit: null }]) {
      const use = budgetUse({ requests, stepMs: 1000, ...word }, rule);
      expect(use).toMatchObject({ source: "rule", allowed: 600, busiest: 995, windowMs: 10_000 });
    }
  });

  it("counts only the attempts on the job's budget, when the record tells them", () => {
    const budgeted = requests.map((n) => Math.max(0, n - 1));
    const use = budgetUse({ requests, budgeted, stepMs: 1000 }, rule);
    expect(use.busiest).toBe(990);
  });
});

describe("PairTally", () => {
  const line = (group: unknown, state: unknown) =>
    ({ line: 2, id: "a", outcome: "succeeded", error: null, group, state }) as never;

  it("counts each group and state pair, in the order first met", () => {
    const tally = new PairTally();
    for (const [group, state] of [
      ["b", "subscribed"],
      ["a", "unsubscribed"],
      ["b", "subscribed"],
    ])
      tally.add(line(group, state));
    tally.add(line(undefined, "subscribed")); // an unreadable row has no pair
    tally.add(line({ x: 1 }, "subscribed")); // nor has a hostile report's object
    expect(tally.pairs()).toEqual([
      { group: "b", state: "subscribed", lines: 2 },
      { group: "a", state: "unsubscribed", lines: 1 },
    ]);
  });

  it("lists nothing past the most a page lists, and nothing for a job without pairs", () => {
    const tally = new PairTally();
    expect(tally.pairs()).toBeUndefined();
    for (let n = 0; n <= MAX_LISTED_PAIRS; n += 1) tally.add(line(`g-${n}`, "subscribed"));
    expect(tally.pairs()).toBeUndefined();
  });
});

describe("formatShare", () => {
  it.each([
    [59_998, 60_000, ">99.99%"], // 2 rows differ: never "100.0%"
    [2, 60_000, "<0.01%"], // and they are not "0.00%"
    [60_000, 60_000, "100.0%"],
    [0, 60_000, "0.0%"],
    [0, 0, "0.0%"],
    [98_000, 100_000, "98.0%"],
    [995, 1_000, "99.50%"],
    [5, 1_000, "0.50%"],
    [1, 3, "33.3%"],
  ])("%i of %i: %s", (n, total, want) => {
    expect(formatShare(n, total)).toBe(want);
  });
});

describe("escapeInvisible", () => {
  it.each([
    ["a bidi override", "a\u202Eb", "a\\u202Eb"],
    ["NUL, tab and DEL", "\u0000\t\u007F", "\\u0000\\u0009\\u007F"],
    ["a tag character (astral)", "x\u{E0041}", "x\\u{E0041}"],
    ["an unpaired surrogate", "x\uD800y", "x\\uD800y"],
    ["a no-break space and a BOM", "a\u00A0b\uFEFF", "a\\u00A0b\\uFEFF"],
    [
      "plain text, spaces, accents and emoji: unchanged",
      "Zoë O'Brien 😀 <x>",
      "Zoë O'Brien 😀 <x>",
    ],
  ])("%s", (_name, text, want) => {
    expect(escapeInvisible(text)).toBe(want);
  });
});
