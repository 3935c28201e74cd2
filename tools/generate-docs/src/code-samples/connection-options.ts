import { jsLiteral, raw } from "./js-literal.js";
import { sampleSettings } from "./sample-settings.js";
import type { SampleServer } from "./sample-template.js";

/**
 * The options object the client and the runtime are created with: the API key from the
 * environment and the server by instance name (or by URL when the server has no name).
 */
export function connectionOptions(server: SampleServer | undefined, usedWidth: number): string {
  const options: Record<string, unknown> = {
    apiKey: raw(`process.env.${sampleSettings.apiKeyEnv}`),
  };
  if (server?.instance !== undefined) options.instance = server.instance;
  else if (server !== undefined) options.baseUrl = server.url;
  return jsLiteral(options, "", usedWidth);
}
