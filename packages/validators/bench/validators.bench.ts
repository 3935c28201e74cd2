import { Bench } from "tinybench";
import { validateSetSubscriptionStatusBody } from "../src/index.js";
import { compileWithAjv } from "../test/support/ajv.js";
import { loadSpec } from "../test/support/spec.js";
import { bodies } from "./bodies.js";
import { zodBody } from "./zod-schema.js";

// ops/s of our generated validator, Ajv compiled at runtime from the same bundled spec, and
// a hand-written zod 4 schema, on the same bodies in the same run. Ratios are to Ajv.
const ajv = compileWithAjv(loadSpec(), "SetSubscriptionStatusBody");
const contenders = {
  ours: (body: unknown) => validateSetSubscriptionStatusBody(body).ok,
  ajv: (body: unknown) => ajv(body),
  zod: (body: unknown) => zodBody.safeParse(body).success,
};

// Every contender must give the same verdict, or the numbers compare different work.
for (const [name, body] of Object.entries(bodies)) {
  const verdicts = Object.values(contenders).map((validate) => validate(body));
  if (new Set(verdicts).size !== 1)
    throw new Error(`contenders disagree on ${name}: ${verdicts.join(", ")}`);
}

const bench = new Bench({ time: Number(process.env.BENCH_TIME_MS ?? 700), warmupTime: 200 });
let sink = 0;
for (const [bodyName, body] of Object.entries(bodies)) {
  for (const [name, validate] of Object.entries(contenders)) {
    bench.add(`${bodyName} | ${name}`, () => {
      if (validate(body)) sink++;
    });
  }
}
await bench.run();

const opsPerSecond = (name: string) => {
  const task = bench.tasks.find((t) => t.name === name);
  const result = task?.result as { throughput?: { mean: number } } | undefined;
  return result?.throughput?.mean ?? Number.NaN;
};
const rows = Object.keys(bodies).map((bodyName) => {
  const ours = opsPerSecond(`${bodyName} | ours`);
  const ajvOps = opsPerSecond(`${bodyName} | ajv`);
  const zod = opsPerSecond(`${bodyName} | zod`);
  return { bodyName, ours, ajv: ajvOps, zod };
});

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const ratio = (n: number) => `${n.toFixed(2)}×`;
console.log(
  `node ${process.version}, ${bench.tasks.length} tasks, sink ${sink > 0 ? "ok" : "empty"}`,
);
console.log(
  "| body | ours ops/s | Ajv ops/s | zod 4 ops/s | ours / Ajv | zod / Ajv | ours / zod |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(
    `| ${r.bodyName} | ${fmt(r.ours)} | ${fmt(r.ajv)} | ${fmt(r.zod)} | ${ratio(r.ours / r.ajv)} | ${ratio(r.zod / r.ajv)} | ${ratio(r.ours / r.zod)} |`,
  );
}
