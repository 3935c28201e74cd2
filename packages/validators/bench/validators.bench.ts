import { Bench } from "tinybench";
import { validateSetSubscriptionStatusBody } from "../src/index.js";
import { compileWithAjv } from "../test/support/ajv.js";
import { loadSpec } from "../test/support/spec.js";
import { bodies } from "./bodies.js";
import { expressionsAlone } from "./expressions-alone.js";
import { zodBody } from "./zod-schema.js";

// ops/s of our generated validator, Ajv compiled at runtime from the same bundled spec, and
// a hand-written zod 4 schema, on the same bodies. The machine is shared and noisy, so the
// whole set runs in several rounds; a ratio is taken within a round (same conditions) and
// the table shows the median over rounds.
const ajv = compileWithAjv(loadSpec(), "SetSubscriptionStatusBody");
const contenders = {
  ours: (body: unknown) => validateSetSubscriptionStatusBody(body).ok,
  ajv: (body: unknown) => ajv(body),
  zod: (body: unknown) => zodBody.safeParse(body).success,
  floor: expressionsAlone,
};
type Contender = keyof typeof contenders;

// Every contender must give the same verdict, or the numbers compare different work.
for (const [name, body] of Object.entries(bodies)) {
  const verdicts = Object.values(contenders).map((validate) => validate(body));
  if (new Set(verdicts).size !== 1)
    throw new Error(`contenders disagree on ${name}: ${verdicts.join(", ")}`);
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const timePerTask = Number(process.env.BENCH_TIME_MS ?? 400);
// tinybench reads the clock around every sample. A clock read costs about as much as
// validating a few external ids, so each sample makes this many calls and the clock's cost
// is spread over them instead of being counted as the validator's.
const callsPerSample = 32;
let sink = 0;

/** One round: every contender on every body; ops/s keyed by `body | contender`. */
async function runRound(): Promise<Map<string, number>> {
  const bench = new Bench({ time: timePerTask, warmupTime: 100 });
  for (const [bodyName, body] of Object.entries(bodies)) {
    for (const [name, validate] of Object.entries(contenders)) {
      bench.add(`${bodyName} | ${name}`, () => {
        for (let call = 0; call < callsPerSample; call++) if (validate(body)) sink++;
      });
    }
  }
  await bench.run();
  const opsPerSecond = new Map<string, number>();
  for (const task of bench.tasks) {
    const result = task.result as { throughput?: { mean: number } } | undefined;
    opsPerSecond.set(task.name, (result?.throughput?.mean ?? Number.NaN) * callsPerSample);
  }
  return opsPerSecond;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

const results: Map<string, number>[] = [];
for (let round = 0; round < rounds; round++) results.push(await runRound());

const opsIn = (round: Map<string, number>, bodyName: string, who: Contender) =>
  round.get(`${bodyName} | ${who}`) ?? Number.NaN;
const ops = (bodyName: string, who: Contender) =>
  median(results.map((round) => opsIn(round, bodyName, who)));
const ratio = (bodyName: string, who: Contender, to: Contender) =>
  median(results.map((round) => opsIn(round, bodyName, who) / opsIn(round, bodyName, to)));

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const times = (n: number) => `${n.toFixed(2)}×`;
console.log(
  `node ${process.version}, ${rounds} rounds of ${timePerTask} ms per task, ${callsPerSample} calls per sample, medians; sink ${sink > 0 ? "ok" : "empty"}`,
);
console.log(
  "| body | ours ops/s | Ajv ops/s | zod 4 ops/s | ours / Ajv | zod / Ajv | ours / zod | ours / floor | zod / floor |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const bodyName of Object.keys(bodies)) {
  console.log(
    `| ${bodyName} | ${fmt(ops(bodyName, "ours"))} | ${fmt(ops(bodyName, "ajv"))} | ${fmt(ops(bodyName, "zod"))} | ${times(ratio(bodyName, "ours", "ajv"))} | ${times(ratio(bodyName, "zod", "ajv"))} | ${times(ratio(bodyName, "ours", "zod"))} | ${times(ratio(bodyName, "ours", "floor"))} | ${times(ratio(bodyName, "zod", "floor"))} |`,
  );
}
console.log(
  "floor: the identifiers' own checks alone (isExternalId, isEmail, isE164Phone), no validator around them.",
);
