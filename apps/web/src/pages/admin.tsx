import { ComingSoon } from "../components/coming-soon.tsx";

export default function AdminPage() {
  return <ComingSoon title="Admin" />;
}
