import type { InputIdentity } from "../input/open-input.js";

/**
 * What makes two runs "the same job": the same input file (path, size, modification time and
 * content), the same group, state, identifier column and target. The API key is deliberately
 * absent: it never goes to disk, and rotating it must not invalidate a checkpoint.
 */
export interface JobIdentity {
  /**
   * The input file, and its SHA-256 (`null` when it could not be read again; absent in a
   * checkpoint of a version before it was kept). Path, size and time alone let a list
   * re-exported with the same size and a kept time (`cp -p`, `rsync -t`) resume against
   * other rows: those at the lines the checkpoint holds would be taken as sent, and never be.
   */
  input: InputIdentity & { sha256?: string | null };
  subscriptionGroupId: string;
  state: string;
  type: string;
  column: string | null;
  doubleOptIn: boolean;
  /** `instance:<name>` or `url:<base URL>`. */
  target: string;
}

/** Names the first field in which two job identities differ, or `undefined` if they match. */
export function differingField(saved: JobIdentity, current: JobIdentity): string | undefined {
  const pairs: Array<[string, unknown, unknown]> = [
    ["input path", saved.input?.path, current.input.path],
    ["input size", saved.input?.size, current.input.size],
    ["input modification time", saved.input?.mtimeMs, current.input.mtimeMs],
    // A checkpoint written before the hash was kept has none: its path, size and time decide.
    [
      "input content (SHA-256)",
      saved.input?.sha256 === undefined ? current.input.sha256 : saved.input.sha256,
      current.input.sha256,
    ],
    ["subscription group", saved.subscriptionGroupId, current.subscriptionGroupId],
    ["state", saved.state, current.state],
    ["identifier type", saved.type, current.type],
    ["column", saved.column, current.column],
    ["double opt-in", saved.doubleOptIn, current.doubleOptIn],
    ["target", saved.target, current.target],
  ];
  for (const [name, a, b] of pairs)
    if (a !== b) return `${name}: ${JSON.stringify(a)} then, ${JSON.stringify(b)} now`;
  return undefined;
}
