/**
 * The content security policy of the page: nothing may be loaded from anywhere but the page
 * itself (inline code, `data:` and `blob:` URLs). Should a future Redoc reach for a CDN, the
 * browser refuses instead of leaking a request or hanging behind a firewall.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' blob:",
  "worker-src blob:",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** A small icon inlined as the favicon, so the browser does not ask for `/favicon.ico`. */
const FAVICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0044d4"/><path d="M4 5h8M4 8h8M4 11h5" stroke="#fff" stroke-width="1.5"/></svg>',
  );

/**
 * The Handlebars page template for `redocly build-docs` (`{{{redocHead}}}` and
 * `{{{redocHTML}}}` are Redoc's), opening with a comment that marks the page as generated.
 */
export function pageTemplate(generatedBy: string): string {
  return `<!DOCTYPE html>
<!-- ${generatedBy.replaceAll("--", "- -")} -->
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <meta name="referrer" content="no-referrer" />
  <link rel="icon" href="${FAVICON}" />
  <title>{{title}}</title>
  <style>
    body {
      padding: 0;
      margin: 0;
    }
  </style>
  {{{redocHead}}}
</head>
<body>
  {{{redocHTML}}}
</body>
</html>
`;
}
