import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../trpc.ts";
import { ProviderButtons, providerName, providerStartUrl } from "../provider-buttons.tsx";

/*
 * "Or continue with GitHub" on the join page: the provider's verified email proves the address
 * instead of an emailed link. Its own chunk, as on the accept page (invite-providers.tsx): it
 * waits for the providers' names anyway, and a workspace without providers never loads it.
 */

/** Set just before a provider button leaves, so the error page can offer the way back (auth-error.tsx). */
const LAST_JOIN_TOKEN_KEY = "join:lastToken";

export default function JoinProviders({ token, methods, domainsNote }: { token: string; methods: string[]; domainsNote: string | null }) {
  const configured = useQuery(trpc.auth.providers.queryOptions());
  const providers = methods.map((id) => ({ id, name: providerName(id, configured.data) }));
  const remember = () => {
    try {
      sessionStorage.setItem(LAST_JOIN_TOKEN_KEY, token);
      // The error page's way back is to this page now, not to an earlier invitation or sign-up.
      sessionStorage.removeItem("invite:lastToken");
      sessionStorage.removeItem("signUp:lastToken");
    } catch {
      // Storage disabled: the error page simply won't offer the way back.
    }
  };
  return (
    <div onClickCapture={remember}>
      <ProviderButtons className="mt-6" providers={providers} href={(id) => providerStartUrl(id, { join: token })} />
      {domainsNote && <p className="mt-3 text-center text-xs text-gray-500">{domainsNote}</p>}
    </div>
  );
}
