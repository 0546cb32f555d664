// @ts-check
// How every benchmark server but ours listens and stops: on 127.0.0.1:PORT, closing its
// database pool on SIGTERM. Our server does the same through its own main.
import { createServer } from "node:http";

/**
 * @param {import("node:http").RequestListener} handler
 * @param {() => Promise<unknown>} close
 */
export function serve(handler, close) {
  const server = createServer(handler);
  server.listen(Number(process.env.PORT), "127.0.0.1");
  const stop = async () => {
    server.closeAllConnections();
    server.close();
    await close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
}
