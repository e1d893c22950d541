/**
 * `pulumi-resource-backend-servers <engine address>`: the engine starts the plugin and reads the port it
 * serves on from its first stdout line. Progress and drift lines go to the engine at that address
 * (engineLog.ts), and to stderr.
 */
import { EngineLog } from "./engineLog";
import { BackendServersProvider, serve } from "./server";

serve(new BackendServersProvider(new EngineLog(process.argv[2]))).then(
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
