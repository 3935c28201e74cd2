import type { ServerResponse } from "node:http";

/** The path of the server-sent events stream a page with live reload listens to. */
export const LIVE_RELOAD_PATH = "/__live-reload";

// Reloads the page when the server says so; EventSource reconnects by itself after a restart.
const SCRIPT = `<script>new EventSource(${JSON.stringify(LIVE_RELOAD_PATH)}).addEventListener("reload",()=>location.reload())</script>`;

/**
 * Live reload for `pnpm dev`: pages get a one-line script that listens to a server-sent events
 * stream, and `reload()` tells every open page to reload (after the docs were regenerated).
 */
export class LiveReload {
  readonly #clients = new Set<ServerResponse>();

  /** The HTML with the listening script added before `</body>` (or at the end). */
  inject(html: string): string {
    const at = html.lastIndexOf("</body>");
    return at < 0 ? html + SCRIPT : `${html.slice(0, at)}${SCRIPT}${html.slice(at)}`;
  }

  /** Answers a page's `GET /__live-reload`: an event stream kept open until the page leaves. */
  subscribe(response: ServerResponse): void {
    response.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    response.write(": live reload\n\n");
    this.#clients.add(response);
    response.once("close", () => this.#clients.delete(response));
  }

  /** Tells every open page to reload; resolves with how many were told. */
  reload(): number {
    for (const client of this.#clients) client.write("event: reload\ndata: {}\n\n");
    return this.#clients.size;
  }
}
