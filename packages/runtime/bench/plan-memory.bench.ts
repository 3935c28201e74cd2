// Memory of validation + de-duplication over a large stream (planSetStatus runs the same
// classification as setStatus, without the network): peak RSS and array-buffer memory while
// 10 million external ids (10 % repeats) flow through, vs the same process before.
import { planSetStatus } from "../src/index.js";

const total = Number(process.argv[2] ?? 10_000_000);
function* ids() {
  for (let i = 0; i < total; i++) yield `user-${i % Math.floor(total * 0.9)}`;
}
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const before = process.memoryUsage();
let peakRss = before.rss;
const timer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
const started = performance.now();
const plan = await planSetStatus({
  subscriptionGroupId: "g",
  state: "unsubscribed",
  externalIds: ids(),
});
clearInterval(timer);
const after = process.memoryUsage();
peakRss = Math.max(peakRss, after.rss);
console.table([
  {
    identifiers: plan.total,
    valid: plan.valid,
    duplicates: plan.duplicates,
    requests: plan.requests,
    seconds: ((performance.now() - started) / 1000).toFixed(1),
    "RSS before": mb(before.rss),
    "peak RSS": mb(peakRss),
    "array buffers after": mb(after.arrayBuffers),
  },
]);
