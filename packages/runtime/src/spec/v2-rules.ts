import { operationMetadata } from "@braze-subscriptions/client";
import { requestRules } from "@braze-subscriptions/validators";
import type { IdentifierType } from "../vocabulary/identifier-type.js";
import { identifierTypes } from "../vocabulary/identifier-type.js";
import { itemSchemaOf } from "./write-rules.js";

/** What packing rows into multi-group requests needs from the spec. */
export interface MultiGroupRules {
  path: string;
  /** The body's list of groups (`subscription_groups`). */
  groupsField: string;
  /** The field of each identifier type inside a group (`external_ids`, `emails`, `phones`). */
  fieldOf: Record<IdentifierType, string>;
  /** Most identifiers in one request, all groups together (`x-max-identifiers`). */
  maxIdentifiers: number;
  /**
   * Types never sent in one request together: a group's `not: required` rules, kept per
   * request (rows of one group share one entry of a request, so they must be kept whether
   * marked or not), and every rule of the validators' `requestRules` (marked `x-request-wide`).
   */
  exclusive: IdentifierType[][];
}

type ListLike = {
  readonly itemSchema: string | null;
  readonly maxItems: number | null;
  readonly itemFields: {
    readonly listFields: Readonly<Record<string, ListLike>>;
    readonly mutuallyExclusive: readonly (readonly string[])[];
  } | null;
};

/**
 * The multi-group write's rules from the generated metadata: the list of groups, each type's
 * field matched by its item schema and the exclusions; the request cap from the validators'
 * generated `requestRules` (the cap `requestWideIssues` checks). Braze's docs leave open
 * whether the cap and "never emails with phones" hold per group or per request: both are kept
 * per request.
 */
export function multiGroupRulesOf(
  operation = operationMetadata.setSubscriptionStatusV2,
): MultiGroupRules {
  const body = operation.requestBody as { listFields: Readonly<Record<string, ListLike>> };
  const groups = Object.entries(body.listFields).find(([, list]) => list.itemFields !== null);
  if (groups === undefined) throw new Error(`${operation.path} has no list of groups in the spec`);
  const [groupsField, list] = groups;
  const fields = list.itemFields?.listFields ?? {};
  const fieldOf = {} as Record<IdentifierType, string>;
  for (const type of identifierTypes) {
    const found = Object.entries(fields).find(([, f]) => f.itemSchema === itemSchemaOf(type));
    if (found === undefined) throw new Error(`${operation.path} has no ${type} list in its groups`);
    fieldOf[type] = found[0];
  }
  const typeOf = (field: string) => identifierTypes.find((t) => fieldOf[t] === field);
  // Without a cap for the whole request, never more than one group's list could hold.
  const maxIdentifiers =
    requestRules[operation.operationId]?.maxIdentifiers ??
    Math.min(...identifierTypes.map((t) => fields[fieldOf[t]]?.maxItems ?? Infinity));
  // The request-wide exclusions too, as the validators read them: the fake refuses what they
  // state, so the packer keeps them even where the client's metadata read no group rule.
  const lifted = requestRules[operation.operationId]?.exclusive.map((e) => e.fields) ?? [];
  const exclusive = new Map<string, IdentifierType[]>();
  for (const fields of [...(list.itemFields?.mutuallyExclusive ?? []), ...lifted]) {
    const types = fields.map(typeOf).filter((t): t is IdentifierType => t !== undefined);
    exclusive.set(JSON.stringify([...types].sort()), types);
  }
  return {
    path: operation.path,
    groupsField,
    fieldOf,
    maxIdentifiers,
    exclusive: [...exclusive.values()],
  };
}
