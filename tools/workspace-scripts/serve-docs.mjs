// `pnpm docs`: serves the rendered API docs (packages/docs/dist) on 127.0.0.1 until Ctrl-C.
// The port comes from $PORT; without it a free one is taken. The URL is printed on start.
import { startDocsServer } from "./start-docs-server.mjs";

const portText = process.env.PORT;
const port = portText === undefined ? 0 : Number(portText);

const server = await startDocsServer("docs", { port });
console.log(`docs: serving the API docs at ${server.url} (Ctrl-C to stop)`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    await server.close();
    process.exit(0);
  });
}
