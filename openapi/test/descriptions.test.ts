import { describe, expect, it } from "vitest";
import { deref, type Node, operations, spec } from "./support/bundled-spec.js";

// Shared components (a response, the security scheme) render under every operation that uses
// them: what they say must hold for each of those operations.
describe("descriptions of shared components", () => {
  const all = operations();

  it("the security scheme names no permission that some operation does not need", () => {
    const schemes = ((spec.components as Node).securitySchemes ?? {}) as Node;
    const permissions = new Set(all.map((o) => o.operation["x-required-permission"] as string));
    for (const [name, scheme] of Object.entries(schemes)) {
      const text = String(deref(scheme).description ?? "");
      for (const permission of permissions) {
        if (!text.includes(permission)) continue;
        for (const { path, operation } of all) {
          expect(
            operation["x-required-permission"],
            `${name} names ${permission}, which ${path} does not need`,
          ).toBe(permission);
        }
      }
    }
  });

  it.each(all.map((o) => [`${o.method} ${o.path}`, o] as const))(
    "%s: no response says the operation shares its limit with itself",
    (_, { path, operation }) => {
      for (const [status, response] of Object.entries(operation.responses as Node)) {
        const text = String(deref(response).description ?? "").replace(/\s+/g, " ");
        expect(text, `${status}`).not.toMatch(new RegExp(`shared with \`(?:[A-Z]+ )?${path}\``));
      }
    },
  );

  // Braze documents `201` for v1 only; v2's success status is not documented.
  it.each(all.map((o) => [`${o.method} ${o.path}`, o] as const))(
    "%s: a success response names a status only where it is documented",
    (_, { operation }) => {
      const responses = operation.responses as Node;
      for (const [status, response] of Object.entries(responses)) {
        if (!status.startsWith("2")) continue;
        const text = String(deref(response).description ?? "");
        for (const [, code] of text.matchAll(/`(2\d\d)\b/g)) {
          if (code === undefined || code in responses) continue;
          const documentedBy = all.filter((o) => code in (o.operation.responses as Node));
          const named = documentedBy.some((o) => text.includes(o.path));
          // A status no operation declares (`202`, seen in maintenance) is covered by `2XX`.
          if (documentedBy.length > 0) expect(named, `${status} names \`${code}\``).toBe(true);
        }
      }
    },
  );
});

describe("examples of shared headers", () => {
  // The rate-limit headers are shared by operations with different limits (5,000 a minute for
  // the writes, 250,000 an hour for the reads): an example shown under both is wrong for one.
  it.each(operations().map((o) => [`${o.method} ${o.path}`, o] as const))(
    "%s: X-RateLimit-Limit examples equal the operation's x-rate-limit",
    (_, { operation }) => {
      const limit = (operation["x-rate-limit"] as Node).limit;
      for (const [status, response] of Object.entries(operation.responses as Node)) {
        const headers = (deref(response).headers ?? {}) as Node;
        const header = headers["X-RateLimit-Limit"];
        if (header === undefined) continue;
        const schema = deref(header).schema as Node;
        for (const example of (schema.examples ?? []) as unknown[]) {
          expect(example, `${status} X-RateLimit-Limit example`).toBe(limit);
        }
      }
    },
  );
});

describe("what the sources leave open is not stated as fact", () => {
  it("the email-and-phone refusal says its status is not documented", () => {
    const v1 = operations().find((o) => o.operation.operationId === "setSubscriptionStatus");
    const text = String(v1?.operation.description).replace(/\s+/g, " ");
    const rule = text.split("- ").find((line) => line.includes("never both"));
    expect(rule).toBeDefined();
    expect(rule).toMatch(/not document the status/);
  });
});
