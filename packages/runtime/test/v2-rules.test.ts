import { operationMetadata } from "@braze-subscriptions/client";
import { requestRules } from "@braze-subscriptions/validators";
import { describe, expect, it } from "vitest";
import { multiGroupRulesOf } from "../src/spec/v2-rules.js";

const v2 = operationMetadata.setSubscriptionStatusV2;
const groupsField = Object.keys(
  v2.requestBody.listFields,
)[0] as keyof typeof v2.requestBody.listFields;

describe("multiGroupRulesOf", () => {
  it("keeps the group rules and the request-wide ones, each once", () => {
    const rules = multiGroupRulesOf();
    expect(rules.exclusive).toEqual([["email", "phone"]]);
    expect(rules.maxIdentifiers).toBe(requestRules[v2.operationId]?.maxIdentifiers);
  });

  it("keeps a request-wide exclusion the client's metadata did not read as a group rule", () => {
    // The fake refuses what `requestRules` states; the packer must never build such a request,
    // whichever reading of the spec (the client's metadata or the validators') found the rule.
    const list = v2.requestBody.listFields[groupsField];
    const withoutGroupRules = {
      ...v2,
      requestBody: {
        ...v2.requestBody,
        listFields: {
          [groupsField]: { ...list, itemFields: { ...list.itemFields, mutuallyExclusive: [] } },
        },
      },
    } as unknown as typeof v2;
    expect(multiGroupRulesOf(withoutGroupRules).exclusive).toEqual([["email", "phone"]]);
  });
});
