/**
 * `pulumi-resource-backend-servers <engine address>`: the engine starts the plugin, reads the port it
 * serves on from its first stdout line, and shows everything it writes to stderr (progress and drift
 * lines). The engine address is not needed: the plugin logs on stderr, as the dynamic provider does.
 */
import { BackendServersProvider, serve } from "./server";

serve(new BackendServersProvider()).then(
  ({ port }) => {
    // As a string: a number written by console.log may come out coloured.
    process.stdout.write(`${String(port)}\n`);
  },
  (error: unknown) => {
    console.error(
      `pulumi-resource-backend-servers: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
