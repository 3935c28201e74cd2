import type { CheckResult } from "./check-spec.js";

/** A human-readable report of a check, one change a line, ending with the verdict. */
export function formatResult(result: CheckResult): string {
  const lines = [
    `spec-diff: ${result.changes.length} spec change(s) since ${result.base.slice(0, 12)}`,
  ];
  for (const change of result.changes) {
    lines.push(`  ${change.bump.padEnd(5)}  ${change.location || "/"}  ${change.message}`);
  }
  const { pending } = result;
  const given = pending.changesets
    .map((changeset) => `${changeset.id} (${changeset.bump})`)
    .join(", ");
  lines.push(`needed:  ${result.required}`);
  lines.push(
    `pending: ${pending.bump}${given ? ` from ${given}` : " (no changeset bumps the release group)"}`,
  );
  lines.push(
    result.ok
      ? "ok: the pending changesets cover the spec changes"
      : `FAIL: the spec changed and needs a ${result.required} release of ${result.specPackage} and the packages released with it. ` +
          `Run \`npx -y pnpm@10 changeset\`, pick "${result.required}" for ${result.specPackage}, and describe the change.`,
  );
  return lines.join("\n");
}
