import { createRedactor, redactUrl } from "../redact.js";

/** Flags whose value is a secret, or may hold one (a Redis URL's password). */
const SECRET_FLAGS = new Set(["--api-key", "--redis-url"]);
/** Flags whose value is a URL, where a proxy may route by the key (masked whatever its length). */
const URL_FLAGS = new Set(["--base-url"]);
const MASK = "[redacted]";

/**
 * The command line as the user typed it, for the job page: secret flags' values are masked
 * whatever their length, so is every known secret in a URL flag's value, every secret of 8
 * characters or more is redacted wherever else it appears, and arguments are quoted for a
 * POSIX shell so the line can be copied.
 */
export function describeCommand(
  name: string,
  argv: readonly string[],
  secrets: ReadonlyArray<string | undefined>,
): string {
  const redact = createRedactor(secrets);
  const words: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith("--") ? splitOnce(arg, "=") : [arg, undefined];
    if (SECRET_FLAGS.has(flag) && inline !== undefined) words.push(`${flag}=${MASK}`);
    else if (SECRET_FLAGS.has(flag) && i + 1 < argv.length) {
      words.push(flag, MASK);
      i += 1;
    } else if (URL_FLAGS.has(flag) && inline !== undefined) {
      words.push(`${flag}=${redactUrl(inline, secrets)}`);
    } else if (URL_FLAGS.has(flag) && i + 1 < argv.length) {
      words.push(flag, redactUrl(argv[i + 1] as string, secrets));
      i += 1;
    } else words.push(redact(arg));
  }
  return [name, ...words].map(shellQuote).join(" ");
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** A word as a shell reads it back: quoted when it holds anything but safe characters. */
export function shellQuote(word: string): string {
  if (/^[\w@%+=:,./[\]-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
