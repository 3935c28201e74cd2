import { operationMetadata, schemaEnums } from "@braze-subscriptions/client";
import { describe, expect, it } from "vitest";
import {
  CONFLICTING_STATE,
  identifierFields,
  identifierTypes,
  isIdentifierType,
  isLogLevel,
  readStates,
  subscriptionStates,
} from "../src/index.js";

// The vocabulary the CLI and other tools build on, as the README's "Other exports" describes it:
// derived from the spec's generated metadata, not listed by hand.
describe("the identifier and state vocabulary", () => {
  it("identifierTypes are the write's identifier lists, in the spec's order; the guard takes them alone", () => {
    expect(identifierTypes).toEqual(
      Object.keys(operationMetadata.setSubscriptionStatus.requestBody.listFields),
    );
    for (const type of identifierTypes) expect(isIdentifierType(type)).toBe(true);
    for (const other of ["EMAIL", "emails", "", undefined, 1])
      expect(isIdentifierType(other)).toBe(false);
  });

  it("identifierFields names each type's bulk list and per-event field", () => {
    expect(Object.keys(identifierFields)).toEqual([...identifierTypes]);
    expect(identifierFields).toMatchObject({
      external_id: { list: "externalIds", single: "externalId" },
      email: { list: "emails", single: "email" },
      phone: { list: "phones", single: "phone" },
    });
  });

  it("subscriptionStates and readStates are the spec's enums, lower-cased for reads", () => {
    expect(subscriptionStates).toEqual(schemaEnums.SubscriptionState);
    expect(readStates).toEqual(schemaEnums.LookupState.map((state) => state.toLowerCase()));
    expect(CONFLICTING_STATE).toBe("conflicting_state");
  });

  it("isLogLevel names debug … off and nothing else", () => {
    for (const level of ["debug", "info", "warn", "error", "off"])
      expect(isLogLevel(level)).toBe(true);
    for (const other of ["DEBUG", "trace", "", undefined]) expect(isLogLevel(other)).toBe(false);
  });
});
