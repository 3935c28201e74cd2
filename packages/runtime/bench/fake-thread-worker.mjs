// The worker side of fake-thread.ts: runs the Braze fake and answers the bench's questions
// ("stats", "close"). Plain JavaScript: tsx cannot load a worker's entry file (tsx#354).
import { parentPort, workerData } from "node:worker_threads";
import { startBrazeFake } from "@braze-subscriptions/testing";

const fake = await startBrazeFake(workerData);
parentPort.postMessage({ url: fake.url });
parentPort.on("message", async (message) => {
  if (message === "stats") {
    parentPort.postMessage({
      firstWriteArrival: fake.requests.find((r) => r.method === "POST")?.time,
      tooMany: fake.requests.filter((r) => r.status === 429).length,
      foreignRefused: fake.core.foreignTraffic.refused,
    });
  } else {
    await fake.close();
    parentPort.close();
  }
});
