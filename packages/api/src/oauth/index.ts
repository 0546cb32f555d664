export {
  type OAuthErrorReason,
  type OAuthRefusal,
  type OAuthRequestMeta,
  type ProviderIdentity,
} from "./identity.ts";
export { signInWithProvider, type ProviderSignIn } from "./sign-in.ts";
export { acceptInvitationWithProvider, checkInvitation, type InvitationCheck, type ProviderAcceptance } from "./accept.ts";
export { checkInviteLink, joinWithProvider, type InviteLinkCheck, type ProviderJoin } from "./join.ts";
export { checkSignUpLink, completeSignUpWithProvider, type ProviderSignUp, type SignUpLinkCheck } from "./sign-up.ts";
export { linkProvider, listSignInMethods, unlinkProvider, type ProviderLink } from "./link.ts";
