import { describe, expect, it } from "vitest";
import { WriteOrder } from "../src/coalesce/write-order.js";
import type { Outcome } from "../src/vocabulary/outcome.js";

/** A write whose outcome the test decides, and whether its `join` ran yet. */
function write(id: string) {
  let settle!: () => void;
  const outcome = new Promise<Outcome>((resolve) => {
    settle = () => resolve({ outcome: "succeeded", type: "external_id", id, index: 0 });
  });
  const state = { joined: 0, settle };
  const join = () => {
    state.joined++;
    return outcome;
  };
  return Object.assign(state, { join });
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("WriteOrder", () => {
  it("joins distinct identifiers, and repeats of one kind, at once", () => {
    const order = new WriteOrder();
    const [a, b, again] = [write("a"), write("b"), write("a")];
    order.run("a", "subscribed", a.join);
    order.run("b", "unsubscribed", b.join);
    order.run("a", "subscribed", again.join);
    expect([a.joined, b.joined, again.joined]).toEqual([1, 1, 1]);
    expect(order.waiting.size).toBe(0);
  });

  it("joins another kind only once the earlier write settled; a repeat of it shares its outcome", async () => {
    const order = new WriteOrder();
    const [first, later, repeat] = [write("a"), write("a"), write("a")];
    order.run("a", "subscribed", first.join);
    const outcome = order.run("a", "unsubscribed", later.join);
    const shared = order.run("a", "unsubscribed", repeat.join);
    await tick();
    expect([later.joined, order.waiting.size]).toEqual([0, 1]);
    first.settle();
    await tick();
    expect([later.joined, repeat.joined, order.waiting.size]).toEqual([1, 0, 0]);
    later.settle();
    expect(await shared).toBe(await outcome);
  });

  it("forgets an identifier once its writes settled: the next one of another kind joins at once", async () => {
    const order = new WriteOrder();
    const [first, next] = [write("a"), write("a")];
    order.run("a", "subscribed", first.join);
    first.settle();
    await tick();
    order.run("a", "unsubscribed", next.join);
    expect(next.joined).toBe(1);
  });
});
