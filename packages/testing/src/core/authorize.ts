/** Who a request is, or why it is refused. */
export type Authorization = { readonly ok: true; readonly key: string } | { readonly ok: false };

// Braze accepts any casing of the scheme ("Bearer", "bearer", "BEARER").
const BEARER = /^bearer[ \t]+(\S+)[ \t]*$/i;

/** Reads the bearer token of an `Authorization` header and checks it against `apiKeys`. */
export function authorize(
  header: string | null | undefined,
  apiKeys: ReadonlySet<string> | undefined,
): Authorization {
  const key = header == null ? undefined : BEARER.exec(header)?.[1];
  if (key === undefined || (apiKeys !== undefined && !apiKeys.has(key))) return { ok: false };
  return { ok: true, key };
}

/** Whether `key` has `permission`: keys without an entry in `permissions` have them all. */
export function hasPermission(
  key: string,
  permission: string,
  permissions: ReadonlyMap<string, ReadonlySet<string>>,
): boolean {
  return permissions.get(key)?.has(permission) ?? true;
}
