// Starts verdaccio with the config file given as the only argument, on 127.0.0.1 and a free
// port, and prints `{"port": N}` once it listens. SIGTERM closes it. Lives next to the
// verdaccio install (see package.json here) so `require("verdaccio")` resolves to it.
const { runServer } = require("verdaccio");

runServer(process.argv[2]).then(
  (app) => {
    const server = app.listen(0, "127.0.0.1", () => {
      process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
    });
    process.on("SIGTERM", () => {
      server.close(() => process.exit(0));
      server.closeAllConnections?.();
    });
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
