import { useQuery } from "@tanstack/react-query";
import { ProviderButtons, providerName, providerStartUrl } from "../provider-buttons.tsx";
import { trpc } from "../../trpc.ts";

/*
 * "Or continue with GitHub" on the accept page. Its own chunk: it needs `auth.providers`
 * for the names anyway, so loading this alongside costs no extra wait, and the accept
 * page's entry chunk stays small for the (usual) case of no providers.
 */

/** One button per provider the invitation may be accepted with; each is a plain navigation. */
export default function InviteProviders({ token, methods }: { token: string; methods: string[] }) {
  const configured = useQuery(trpc.auth.providers.queryOptions());
  const providers = methods.map((id) => ({ id, name: providerName(id, configured.data) }));
  // The token never travels in a URL back from the provider: keep it in this tab, so an
  // error page can offer "Back to your invitation" (see pages/auth-error.tsx).
  const rememberInvitation = () => {
    try {
      sessionStorage.setItem("invite:lastToken", token);
      // The error page's way back is to this page now.
      sessionStorage.removeItem("signUp:lastToken");
      sessionStorage.removeItem("join:lastToken");
    } catch {
      // Storage disabled: the error page simply won't offer the way back.
    }
  };
  return (
    <div onClickCapture={rememberInvitation}>
      <ProviderButtons className="mt-6" providers={providers} href={(id) => providerStartUrl(id, { invite: token })} />
    </div>
  );
}
