import { trpcClient } from "../trpc.ts";
import { createPasskey, passkeyBrowserError, passkeyCancelled } from "./passkey.ts";

/**
 * "Use a passkey" on the accept page: options for the invited email, the browser's prompt, then
 * the accept. Its own chunk, loaded on the click, so the accept page's entry stays small. What
 * the browser refused comes back as words; the server's refusals are thrown as they are.
 */
export async function acceptWithPasskey(token: string, name: string) {
  const { attemptId, options } = await trpcClient.passkey.acceptOptions.mutate({ invitation: token });
  let response;
  try {
    response = await createPasskey(options);
  } catch (error) {
    return {
      browserRefused: passkeyCancelled(error)
        ? "No passkey was created. Try again, or set a password instead."
        : (passkeyBrowserError(error) ?? "Your browser couldn't create a passkey. Set a password instead."),
    };
  }
  return trpcClient.passkey.accept.mutate({ invitation: token, attemptId, response, ...(name && { name }) });
}
