import {
  operationMetadata,
  type UserSubscriptionGroupsResponse,
} from "@braze-subscriptions/client";
import { integerFlag } from "@braze-subscriptions/option-checks";
import { validateGetUserSubscriptionGroupsQuery } from "@braze-subscriptions/validators";
import { createRuntime } from "../commands/create-runtime.js";
import { settingsRefusalCause } from "../commands/settings-refusal.js";
import { stderrLogger } from "../commands/stderr-logger.js";
import { CliError, UsageError } from "../errors.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import {
  IDENTIFIER_TYPES,
  type IdentifierType,
  isIdentifierType,
} from "../input/identifier-type.js";
import { type CliIo, writeLine } from "../io.js";
import { flag, parseFlags } from "../options/flag-table.js";
import { resolveSetOptions, type SetCommandOptions, setFlags } from "../options/set-options.js";
import { createRedactor } from "../redact.js";
import { readUserPages, type UsersRead } from "./read-user-pages.js";

/** The flags of `braze-subscriptions status`. */
export interface StatusCommandOptions
  extends Pick<SetCommandOptions, "apiKey" | "instance" | "baseUrl" | "maxRetries" | "timeout"> {
  /** `--type`. @default guessed: `email` with an `@`, `phone` when it starts with `+`, else `external_id` */
  type?: string;
  /** `--json`: Braze's answer as JSON. @default false (a table) */
  json?: boolean;
  /** `--limit`: the most users read, page after page. @default {@link DEFAULT_MAX_USERS} */
  limit?: string;
}

/** Ten pages of Braze's: an address shared by more profiles costs `--limit` to read whole. */
export const DEFAULT_MAX_USERS = 1_000;

/** The flags of `status`, in `--help`'s order. */
export const statusFlags = {
  type: { ...setFlags.type, help: "identifier type (default: guessed from the identifier)" },
  apiKey: setFlags.apiKey,
  instance: setFlags.instance,
  baseUrl: setFlags.baseUrl,
  json: flag("--json", "print Braze's answer as JSON (every page read, as one answer)"),
  limit: flag(
    "--limit <n>",
    "read at most n users, a page of Braze's at a time (profiles sharing an email are users each)",
    (text, name) => integerFlag(text, name, 1),
    { default: String(DEFAULT_MAX_USERS) },
  ),
  // A read Braze keeps refusing with a 5xx waited through the runtime's retries (about 25 s).
  maxRetries: setFlags.maxRetries,
  timeout: setFlags.timeout,
};

const read = operationMetadata.getUserSubscriptionGroups;

/**
 * `braze-subscriptions status <identifier>`: one user's subscription groups
 * (`GET /subscription/user/status`, on the read budget), as a table or as JSON. Exit 0 when
 * Braze answered (even with no profile); 2 when it refused the key, its permission or the URL
 * (one line, as `set` and `verify` say it); 3 when it refused otherwise.
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
  let maxUsers: number;
  try {
    maxUsers = parseFlags(statusFlags, flags).limit ?? DEFAULT_MAX_USERS;
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
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
    // A list where the spec's query takes a list of the kind (external ids), else the value.
    const lookup = { [type]: Object.hasOwn(read.query.listFields, type) ? [id] : id };
    const pages = await readUserPages(
      runtime.listUserGroups(lookup, { maxUsers }).pages(),
      maxUsers,
    );
    // A refusal of the settings (key, permission, URL) is told as `set` and `verify` tell it.
    const cause = pages.ok
      ? undefined
      : settingsRefusalCause(pages.status, read.requiredPermission);
    if (!pages.ok && pages.offset === 0 && cause !== undefined)
      throw new UsageError(
        redact(`${cause} (HTTP ${pages.status}: ${pages.message}); nothing was read`),
      );
    if (!pages.ok) {
      const page = pages.offset === 0 ? "" : ` on the page from user ${pages.offset + 1}`;
      writeLine(
        io.stderr,
        redact(`status: Braze answered HTTP ${pages.status}${page}: ${pages.message}`),
      );
      return ExitCode.incomplete;
    }
    writeLine(io.stdout, redact(flags.json ? JSON.stringify(pages.data) : table(pages, type, id)));
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

function table(pages: UsersRead, type: IdentifierType, id: string): string {
  const { data, short } = pages;
  if (data.users.length === 0 && short === undefined) return `no profile with ${type} ${id}`;
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
  out.push(...shortNote(data, short));
  return out.join("\n");
}

/** Says why fewer users are shown than Braze counts, and how to read them all. */
function shortNote(data: UserSubscriptionGroupsResponse, short: UsersRead["short"]): string[] {
  const total = data.total_count;
  if (total === undefined || data.users.length >= total) return [];
  const shown = `${data.users.length.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} users shown`;
  return short === "limit"
    ? [`(${shown}: --limit ${total} reads them all)`]
    : [`(${shown}: Braze's next page was empty)`];
}
