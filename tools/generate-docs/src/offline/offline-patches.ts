/** A change to Redoc's rendered page that removes one reference to another host. */
export interface OfflinePatch {
  /** What the patch removes, for error messages. */
  name: string;
  /** What to find; every match is replaced. */
  find: RegExp;
  /** What to put instead. */
  replace: string;
}

const svgDataUri = (svg: string) => `data:image/svg+xml,${encodeURIComponent(svg)}`;

/** An empty SVG: icons Redoc would fetch by name are left blank instead. */
const EMPTY_SVG = svgDataUri('<svg xmlns="http://www.w3.org/2000/svg"/>');

/** Redoc's wordmark, redrawn as text, for the "API docs by" attribution in the sidebar. */
const REDOC_WORDMARK = svgDataUri(
  '<svg xmlns="http://www.w3.org/2000/svg" width="46" height="16" viewBox="0 0 46 16"><text x="0" y="12.5" font-family="system-ui,-apple-system,Segoe UI,Roboto,sans-serif" font-size="13" font-weight="700" fill="#0044d4">Redoc</text></svg>',
);
const REDOC_MARK = svgDataUri(
  '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16"><text x="2" y="12.5" font-family="system-ui,-apple-system,Segoe UI,Roboto,sans-serif" font-size="13" font-weight="700" fill="#0044d4">R</text></svg>',
);

/**
 * What `redocly build-docs --inlineBundle` (Redoc 3.0.x) still loads from other hosts, and
 * what replaces it. Each patch must match: when one stops matching after an upgrade, the
 * generator fails and the list is reviewed (the browser test shows what is left).
 */
export const OFFLINE_PATCHES: readonly OfflinePatch[] = [
  {
    name: "Redoc logo of the sidebar attribution (cdn.redoc.ly)",
    find: /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini-full\.svg/g,
    replace: REDOC_WORDMARK,
  },
  {
    name: "Redoc logo of the collapsed sidebar (cdn.redoc.ly)",
    find: /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini\.svg/g,
    replace: REDOC_MARK,
  },
  {
    // The base URL of icons drawn as CSS masks: `url(<base>/<style>/<name>.svg)`. After the
    // empty SVG, the rest of the URL is a fragment, so no icon is ever fetched.
    name: "icon sets (cdn.redocly.com/icons)",
    find: /https:\/\/cdn\.redocly\.com\/icons\/[\w-]+\/[\d.]+/g,
    replace: `${EMPTY_SVG}#`,
  },
  {
    // Telemetry is also switched off (REDOCLY_TELEMETRY=off, `telemetry: off`); without its
    // endpoint it could not send anything even if it were switched on.
    name: "telemetry endpoint (otel.cloud.redocly.com)",
    find: /https:\/\/otel\.cloud\.redocly\.com\/v1\/traces/g,
    replace: "data:,telemetry-disabled",
  },
];

/** Applies every patch; returns the page and the names of the patches that matched nothing. */
export function applyOfflinePatches(
  html: string,
  patches: readonly OfflinePatch[] = OFFLINE_PATCHES,
): { html: string; unmatched: string[] } {
  let result = html;
  const unmatched: string[] = [];
  for (const patch of patches) {
    const next = result.replace(patch.find, () => patch.replace);
    if (next === result) unmatched.push(patch.name);
    result = next;
  }
  return { html: result, unmatched };
}
