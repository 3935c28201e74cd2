import { type OptionChecker, Secret } from "@braze-subscriptions/option-checks";

/** `apiKeys`: `undefined` (any bearer token) or the set of accepted keys. */
export function resolveApiKeys(
  apiKeys: unknown,
  { fail }: OptionChecker,
): ReadonlySet<string> | undefined {
  if (apiKeys === undefined) return undefined;
  if (!Array.isArray(apiKeys)) return fail("apiKeys", "an array of non-empty strings", apiKeys);
  apiKeys.forEach((key, i) => {
    if (typeof key !== "string" || key === "" || /\s/.test(key)) {
      fail(`apiKeys[${i}]`, "a non-empty string without whitespace", new Secret(key));
    }
  });
  return new Set(apiKeys as string[]);
}

/** `permissions`: API key → the permissions it has (unlisted keys have all). */
export function resolvePermissions(
  permissions: unknown,
  { fail }: OptionChecker,
): ReadonlyMap<string, ReadonlySet<string>> {
  if (permissions === undefined) return new Map();
  if (permissions === null || typeof permissions !== "object" || Array.isArray(permissions)) {
    return fail("permissions", "an object of API key → array of permission names", permissions);
  }
  return new Map(
    Object.entries(permissions).map(([key, list], i) => {
      if (!Array.isArray(list) || list.some((item) => typeof item !== "string")) {
        fail(`permissions (entry ${i})`, "an array of permission names", list);
      }
      return [key, new Set(list as string[])];
    }),
  );
}
