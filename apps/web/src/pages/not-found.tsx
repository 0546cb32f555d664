import { Link } from "react-router";
import { buttonClassName } from "../components/ui/button.tsx";

export default function NotFoundPage() {
  return (
    <div className="mx-auto max-w-md py-12 text-center">
      <title>Page not found · Invitations</title>
      <p className="text-sm font-semibold text-accent-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-gray-900 sm:text-3xl">Page not found</h1>
      <p className="mt-3 text-base text-gray-600">
        The address may be mistyped, or the page may have moved. If you followed an invitation link, check that you
        copied all of it.
      </p>
      <Link to="/" className={buttonClassName({ className: "mt-8" })}>
        Go to the home page
      </Link>
    </div>
  );
}
