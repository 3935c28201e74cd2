import { operationMetadata } from "@braze-subscriptions/client";
import { describe, expect, it } from "vitest";
import { likelyCauseOf } from "../src/index.js";

const permission = operationMetadata.getSubscriptionStatus.requiredPermission;

describe("likelyCauseOf", () => {
  it("names the setting each refusal points at", () => {
    expect(likelyCauseOf(401)).toMatch(/^the API key was refused/);
    expect(likelyCauseOf(404)).toMatch(/^the URL was not found/);
    expect(likelyCauseOf(400)).toMatch(/check the group id/);
    expect(likelyCauseOf(403, permission)).toBe(`the API key lacks ${permission}`);
  });

  it("has none for a 403 without the permission in question, nor for answers that pass", () => {
    expect(likelyCauseOf(403)).toBeUndefined();
    for (const status of [200, 201, 409, 413, 429, 500, 502, 503])
      expect(likelyCauseOf(status)).toBeUndefined();
  });
});
