import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generateValidators } from "@braze-subscriptions/generate-validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestRules, requestWideIssues } from "../src/index.js";
import { many } from "./support/bodies.js";
import { loadSpec } from "./support/spec.js";

// The request-wide rules follow the spec like the validators do: regenerate from an edited copy
// and the generated check changes, with no hand-written code involved.
type Generated = typeof import("../src/generated/request-rules.gen.js");

const outDir = join(import.meta.dirname, "..", ".tmp", `request-rules-change-${process.pid}`);
const V2 = "setSubscriptionStatusV2";
const NEW_CAP = 3;
let changed: Generated;

beforeAll(async () => {
  const spec = loadSpec();
  const paths = spec.paths as Record<
    string,
    { post?: { operationId: string; requestBody: Record<string, unknown> } }
  >;
  const v2 = Object.values(paths).find((item) => item.post?.operationId === V2);
  if (v2?.post === undefined) throw new Error(`the spec has no ${V2}`);
  v2.post.requestBody["x-max-identifiers"] = NEW_CAP;
  // And the exclusion is no longer request-wide: it holds in each group only.
  const group = spec.components.schemas.SubscriptionGroupUpdate as { allOf: object[] };
  for (const rule of group.allOf) delete (rule as Record<string, unknown>)["x-request-wide"];
  await mkdir(outDir, { recursive: true });
  const specPath = join(outDir, "openapi.json");
  await writeFile(specPath, JSON.stringify(spec));
  await generateValidators({ specPath, outDir, typesFrom: "@braze-subscriptions/client" });
  changed = (await import(pathToFileURL(join(outDir, "request-rules.gen.ts")).href)) as Generated;
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

const twoGroups = (a: Record<string, unknown>, b: Record<string, unknown>) => ({
  subscription_groups: [
    { subscription_group_id: "g", subscription_state: "subscribed", ...a },
    { subscription_group_id: "h", subscription_state: "subscribed", ...b },
  ],
});

describe("editing the spec changes the request-wide rules", () => {
  it(`x-max-identifiers of the v2 body → ${NEW_CAP}`, () => {
    const four = twoGroups({ external_ids: many.externalIds(2) }, { external_ids: ["x", "y"] });
    expect(requestWideIssues(V2, four)).toEqual([]);
    expect(changed.requestRules[V2]?.maxIdentifiers).toBe(NEW_CAP);
    expect(changed.requestWideIssues(V2, four)).toEqual([
      {
        path: "/subscription_groups",
        code: "max_identifiers",
        message: `the request holds 4 identifiers over all groups, more than ${NEW_CAP} (the spec's x-max-identifiers of /v2/subscription/status/set)`,
      },
    ]);
  });

  it("x-request-wide removed: emails and phones in different groups are allowed", () => {
    const mixed = twoGroups({ emails: ["a@example.com"] }, { phones: ["+15551234567"] });
    expect(requestWideIssues(V2, mixed).map((issue) => issue.code)).toEqual(["conflict"]);
    expect(changed.requestRules[V2]?.exclusive).toEqual([]);
    expect(changed.requestWideIssues(V2, mixed)).toEqual([]);
  });

  it("another operation's rules stay as the spec states them", () => {
    expect(Object.keys(changed.requestRules)).toEqual(Object.keys(requestRules));
    expect(changed.requestRules.setSubscriptionStatus).toEqual(requestRules.setSubscriptionStatus);
  });
});
