import { PageHeader } from "../components/page-header.tsx";
import { useMe } from "../lib/use-me.ts";
import { Profile } from "../components/account/profile.tsx";
import { Passkeys } from "../components/account/passkeys.tsx";
import { Sessions } from "../components/account/sessions.tsx";
import { SignInMethods } from "../components/account/sign-in-methods.tsx";

export default function AccountPage() {
  // The route guard has already waited for `auth.me`, so this is the signed-in user.
  const { data: me } = useMe();
  return (
    <>
      <title>Account · Invitations</title>
      <PageHeader
        title="Account"
        description="Your profile, how you sign in, and the devices that are signed in to your account."
      />
      <div className="space-y-8">
        {me && <Profile me={me} />}
        {me && <SignInMethods me={me} />}
        <Passkeys />
        <Sessions />
      </div>
    </>
  );
}
