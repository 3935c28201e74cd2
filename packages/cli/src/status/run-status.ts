import {
  operationMetadata,
  type UserSubscriptionGroupsResponse,
} from "@braze-subscriptions/client";
import { validateGetUserSubscriptionGroupsQuery } from "@braze-subscriptions/validators";
import { createRuntime } from "../commands/create-runtime.js";
import { stderrLogger } from "../commands/stderr-logger.js";
import { CliError, UsageError } from "../errors.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import {
  IDENTIFIER_TYPES,
  type IdentifierType,
  isIdentifierType,
} from "../input/identifier-type.js";
import { type CliIo, writeLine } from "../io.js";
import { resolveSetOptions, type SetCommandOptions } from "../options/set-options.js";
import { createRedactor } from "../redact.js";

/** The flags of `braze-subscriptions status`. */
export interface StatusCommandOptions
  extends Pick<SetCommandOptions, "apiKey" | "instance" | "baseUrl"> {
  /** `--type`. @default guessed: `email` with an `@`, `phone` when it starts with `+`, else `external_id` */
  type?: string;
  /** `--json`: Braze's answer as JSON. @default false (a table) */
  json?: boolean;
}

const read = operationMetadata.getUserSubscriptionGroups;

/**
 * `braze-subscriptions status <identifier>`: one user's subscription groups
 * (`GET /subscription/user/status`, on the read budget), as a table or as JSON. Exit 0 when
 * Braze answered (even with no profile), 3 when it refused.
 */
export async function runStatus(
  identifier: string,
  flags: StatusCommandOptions,
  io: CliIo,
): Promise<ExitCodeValue> {
  if (flags.type !== undefined && !isIdentifierType(flags.type))
    throw new UsageError(
      `--type must be one of ${IDENTIFIER_TYPES.join(", ")}, got ${JSON.stringify(flags.type)}`,
    );
  // Trimmed as `set` trims every line and cell: a pasted " +15551234567" was guessed an
  // external id and read back "no profile", exit 0.
  const id = identifier.trim();
  if (id === "")
    throw new UsageError(
      "the identifier is empty: give an external id, an email address or a phone number",
    );
  const type: IdentifierType = (flags.type as IdentifierType | undefined) ?? guessType(id);
  checkIdentifier(id, type, flags.type === undefined);
  let options: ReturnType<typeof resolveSetOptions>;
  try {
    // set's checks of the key and target; group, state and input do not apply to a lookup.
    options = resolveSetOptions({ ...flags, group: "-", state: "subscribed", input: "-" }, io.env);
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  const redact = createRedactor([options.apiKey]);
  const runtime = await createRuntime(options, stderrLogger(io.stderr), "reads");
  try {
    const { data, error, response } = await runtime.readClient.GET(
      read.path as "/subscription/user/status",
      { params: { query: { [type]: id } } },
    );
    if (!response.ok || data === undefined) {
      const message = (error as { message?: string } | undefined)?.message ?? response.statusText;
      writeLine(io.stderr, redact(`status: Braze answered HTTP ${response.status}: ${message}`));
      return ExitCode.incomplete;
    }
    writeLine(io.stdout, redact(flags.json ? JSON.stringify(data) : table(data, type, id)));
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CliError) throw error;
    writeLine(
      io.stderr,
      redact(`status: ${error instanceof Error ? error.message : String(error)}`),
    );
    return ExitCode.incomplete;
  } finally {
    await runtime.close();
  }
}

/** `email` with an `@`, `phone` when it starts with `+`, else `external_id`. */
export function guessType(identifier: string): IdentifierType {
  if (identifier.includes("@")) return "email";
  if (identifier.startsWith("+")) return "phone";
  return "external_id";
}

/**
 * An identifier the spec's query refuses is refused before any read, with what to type
 * instead: a phone written for people (`+1 555 123 4567`) read back "no profile" with exit 0
 * when taken as an external id, and an address Braze refuses (`ünï@exämple.com`) cost a read
 * and exit 3.
 */
function checkIdentifier(id: string, type: IdentifierType, guessed: boolean): void {
  const checked = validateGetUserSubscriptionGroupsQuery({ [type]: id });
  if (checked.ok) return;
  const reason = checked.errors[0]?.message ?? "invalid";
  const instead = guessed ? ", or pass --type external_id if it is an external id" : "";
  if (type === "phone")
    throw new UsageError(
      `${JSON.stringify(id)} is not a phone number in E.164 form (${reason}): write it as + and digits only, e.g. +15551234567${instead}`,
    );
  throw new UsageError(
    `${JSON.stringify(id)} is not a valid ${type} (${reason})${type === "email" ? instead : ""}; nothing was read`,
  );
}

function table(data: UserSubscriptionGroupsResponse, type: IdentifierType, id: string): string {
  if (data.users.length === 0) return `no profile with ${type} ${id}`;
  const out: string[] = [];
  for (const user of data.users) {
    const who = [user.external_id, user.email, user.phone].filter((v) => v != null).join(" · ");
    out.push(`user ${who || id}`);
    const rows = user.subscription_groups.map((g) => [
      g.id,
      g.name ?? "",
      g.channel ?? "",
      g.status,
    ]);
    const header = ["group", "name", "channel", "status"];
    const widths = header.map((h, i) =>
      Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)),
    );
    const line = (cells: string[]) =>
      `  ${cells
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd()}`;
    out.push(line(header), ...rows.map(line));
  }
  if (data.total_count !== undefined && data.total_count > data.users.length)
    out.push(`(${data.users.length} of ${data.total_count} users shown)`);
  return out.join("\n");
}
