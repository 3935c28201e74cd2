import { type Field, Secret } from "@braze-subscriptions/option-checks";

/** `apiKeys`: `undefined` (any bearer token) or the set of accepted keys. */
export const apiKeys: Field<ReadonlySet<string> | undefined> = (value, name, { fail }) => {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return fail(name, "an array of non-empty strings", value);
  value.forEach((key, i) => {
    if (typeof key !== "string" || key === "" || /\s/.test(key)) {
      fail(`${name}[${i}]`, "a non-empty string without whitespace", new Secret(key));
    }
  });
  return new Set(value as string[]);
};

/** `permissions`: API key → the permissions it has (unlisted keys have all). */
export const permissions: Field<ReadonlyMap<string, ReadonlySet<string>>> = (
  value,
  name,
  check,
) => {
  const given = check.object(
    value as object | undefined,
    name,
    "an object of API key → array of permission names",
  );
  return new Map(
    Object.entries(given).map(([key, list], i) => {
      if (!Array.isArray(list) || list.some((item) => typeof item !== "string")) {
        check.fail(`${name} (entry ${i})`, "an array of permission names", list);
      }
      return [key, new Set(list as string[])];
    }),
  );
};
