import { OfflineCheckError } from "../errors.js";
import { findExternalReferences } from "./external-references.js";
import { applyOfflinePatches, OFFLINE_PATCHES, type OfflinePatch } from "./offline-patches.js";

/** What `build-docs` writes into the page when telemetry is off. */
const TELEMETRY_OFF = '"disableTelemetry":true';

/**
 * Makes a page rendered by `redocly build-docs --inlineBundle` self-contained: applies the
 * offline patches, then checks that telemetry is off and that no reference to another host
 * is left. Throws {@link OfflineCheckError} rather than write a page that would phone out.
 */
export function makeOffline(
  html: string,
  patches: readonly OfflinePatch[] = OFFLINE_PATCHES,
): string {
  const patched = applyOfflinePatches(html, patches);
  if (patched.unmatched.length > 0) {
    throw new OfflineCheckError(
      `These offline patches no longer match the page Redoc rendered (did Redoc change?): ${patched.unmatched.join("; ")}`,
    );
  }
  if (!patched.html.includes(TELEMETRY_OFF)) {
    throw new OfflineCheckError(
      `The page does not switch Redoc's telemetry off (${TELEMETRY_OFF} is missing)`,
    );
  }
  const references = findExternalReferences(patched.html);
  if (references.length > 0) {
    throw new OfflineCheckError("The page still loads from other hosts:", references);
  }
  return patched.html;
}
