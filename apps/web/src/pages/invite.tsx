import { ComingSoon } from "../components/coming-soon.tsx";

export default function InvitePage() {
  return <ComingSoon title="Accept invitation" />;
}
