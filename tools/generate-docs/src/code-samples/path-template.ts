/**
 * A path template (`/groups/{group_id}`) with each `{name}` replaced by its value,
 * percent-encoded as one path segment (OpenAPI's default `simple` style: an array's items
 * joined by commas); `undefined` when a name has no value, or one a URL cannot hold (an
 * object), so that no sample shows a URL that would not reach the operation.
 */
export function fillPathTemplate(
  template: string,
  values: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  let complete = true;
  const path = template.replace(/\{([^{}]+)\}/g, (_match, name: string) => {
    const value = values !== undefined && Object.hasOwn(values, name) ? values[name] : undefined;
    const items = Array.isArray(value) ? value : [value];
    if (value === undefined || items.some((item) => !isPrimitive(item))) {
      complete = false;
      return "";
    }
    return items.map((item) => encodeURIComponent(String(item))).join(",");
  });
  return complete ? path : undefined;
}

function isPrimitive(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}
