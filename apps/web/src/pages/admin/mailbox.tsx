import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { mailStatusOptions } from "../../components/invitations/mailbox-query.ts";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { PageHeader } from "../../components/page-header.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button, buttonClassName } from "../../components/ui/button.tsx";
import { cx } from "../../components/ui/cx.ts";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { Skeleton } from "../../components/ui/spinner.tsx";
import { getErrorMessage } from "../../lib/errors.ts";
import { formatDateTime, formatRelative, useNow } from "../../lib/time.ts";
import { trpc } from "../../trpc.ts";

type Message = inferOutput<typeof trpc.mail.devMailbox>[number];

/** New mail shows up while the page is open. */
const POLL_MS = 3_000;

/**
 * `/admin/mailbox`: while SMTP_URL is unset the server keeps outgoing email in memory
 * instead of sending it. This page shows it, so invitations can be tried without a mail server.
 */
export default function MailboxPage() {
  const status = useQuery(mailStatusOptions());
  const smtp = status.data?.delivery === "smtp";
  const mailbox = useQuery({
    ...trpc.mail.devMailbox.queryOptions(),
    enabled: status.data?.delivery === "devMailbox",
    refetchInterval: POLL_MS,
  });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const detail = useRef<HTMLDivElement>(null);
  const select = (id: string) => {
    setSelectedId(id);
    // Below `lg` the message is under the list: bring it into view.
    if (window.matchMedia("(max-width: 1023.98px)").matches) {
      requestAnimationFrame(() => detail.current?.scrollIntoView({ block: "start", behavior: "smooth" }));
    }
  };
  const messages = mailbox.data ?? [];
  const selected = messages.find((message) => message.id === selectedId) ?? messages[0];

  return (
    <>
      <title>Dev mailbox · Invitations</title>
      <PageHeader
        title="Dev mailbox"
        description="Emails the app would have sent, kept here so you can follow invitation links without a mail server."
      />
      {smtp ? (
        <EmptyState
          title="Email is sent for real here"
          description="SMTP_URL is set, so invitations go out through your mail server and there is no dev mailbox."
        />
      ) : status.isError || mailbox.isError ? (
        <Alert
          tone="error"
          role="alert"
          title="We couldn't load the mailbox"
          actions={
            <Button
              variant="secondary"
              size="sm"
              loading={status.isFetching || mailbox.isFetching}
              onClick={() => void (status.isError ? status.refetch() : mailbox.refetch())}
            >
              Try again
            </Button>
          }
        >
          {getErrorMessage(status.error ?? mailbox.error)}
        </Alert>
      ) : mailbox.isPending ? (
        <MailboxSkeleton />
      ) : (
        <>
          <Alert className="mb-6" title="Why email is kept here">
            <code className="rounded bg-white/70 px-1 py-0.5 font-mono text-[0.8125rem]">SMTP_URL</code> isn't set, so
            email is kept here instead of being sent, and each link is also printed to the server log. Set{" "}
            <code className="rounded bg-white/70 px-1 py-0.5 font-mono text-[0.8125rem]">SMTP_URL</code> to deliver real
            email. The mailbox lives in memory: it holds the latest 200 messages and empties when the server restarts.
          </Alert>
          {messages.length === 0 ? (
            <EmptyState
              title="No email yet"
              description="Invite someone and their invitation email appears here within a few seconds."
            />
          ) : (
            <div className="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
              <MessageList messages={messages} selected={selected} onSelect={select} />
              <div ref={detail} className="min-w-0 scroll-mt-4">
                {selected && <MessageView key={selected.id} message={selected} />}
              </div>
            </div>
          )}
        </>
      )}
    </>
  );
}

function MessageList({
  messages,
  selected,
  onSelect,
}: {
  messages: Message[];
  selected: Message | undefined;
  onSelect: (id: string) => void;
}) {
  const now = useNow();
  return (
    <div className="min-w-0">
      <h2 className="mb-2 text-sm font-semibold text-gray-900">
        Inbox <span className="font-normal text-gray-500">({messages.length})</span>
      </h2>
      <ul
        aria-label="Captured emails"
        className="max-h-[28rem] divide-y divide-gray-100 overflow-y-auto rounded-xl border border-gray-200 bg-white shadow-xs lg:max-h-[40rem]"
      >
        {messages.map((message) => {
          const current = message.id === selected?.id;
          return (
            <li key={message.id}>
              <button
                type="button"
                onClick={() => onSelect(message.id)}
                aria-current={current ? "true" : undefined}
                className={cx(
                  "block w-full px-4 py-3 text-left transition-colors",
                  current ? "bg-accent-50" : "hover:bg-gray-50",
                )}
              >
                <span className="flex items-baseline justify-between gap-3">
                  <span className={cx("truncate text-sm font-medium", current ? "text-accent-800" : "text-gray-900")}>
                    {message.to}
                  </span>
                  <time
                    dateTime={message.sentAt.toISOString()}
                    title={formatDateTime(message.sentAt)}
                    // gray-600: gray-500 is 4.4:1 on the selected row's accent-50.
                    className="shrink-0 text-xs text-gray-600"
                  >
                    {formatRelative(message.sentAt, now)}
                  </time>
                </span>
                <span className="mt-0.5 block truncate text-sm text-gray-600">{message.subject}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function MessageView({ message }: { message: Message }) {
  const [view, setView] = useState<"html" | "text">("html");
  return (
    <article aria-labelledby="mail-subject" className="min-w-0 rounded-xl border border-gray-200 bg-white shadow-xs">
      <header className="space-y-3 border-b border-gray-100 px-5 py-4">
        <h2 id="mail-subject" className="text-base font-semibold text-balance text-gray-900">
          {message.subject}
        </h2>
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
          <dt className="text-gray-500">To</dt>
          <dd className="truncate text-gray-900">{message.to}</dd>
          <dt className="text-gray-500">Captured</dt>
          <dd className="text-gray-900">{formatDateTime(message.sentAt)}</dd>
        </dl>
        <div className="flex flex-wrap items-center justify-between gap-3">
          {message.link ? (
            <a href={message.link} target="_blank" rel="noopener noreferrer" className={buttonClassName({ size: "sm" })}>
              Open invitation link
              <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-4">
                <path
                  fillRule="evenodd"
                  clipRule="evenodd"
                  d="M4.25 5.5a.75.75 0 0 0-.75.75v8.5c0 .414.336.75.75.75h8.5a.75.75 0 0 0 .75-.75v-4a.75.75 0 0 1 1.5 0v4A2.25 2.25 0 0 1 12.75 17h-8.5A2.25 2.25 0 0 1 2 14.75v-8.5A2.25 2.25 0 0 1 4.25 4h5a.75.75 0 0 1 0 1.5h-5Zm7.25-.75a.75.75 0 0 1 .75-.75h3.5a.75.75 0 0 1 .75.75v3.5a.75.75 0 0 1-1.5 0V6.56l-5.22 5.22a.75.75 0 1 1-1.06-1.06l5.22-5.22h-1.69a.75.75 0 0 1-.75-.75Z"
                />
              </svg>
            </a>
          ) : (
            <span />
          )}
          <div role="group" aria-label="Show as" className="inline-flex rounded-lg bg-gray-100 p-0.5 text-sm">
            {(["html", "text"] as const).map((kind) => (
              <button
                key={kind}
                type="button"
                aria-pressed={view === kind}
                onClick={() => setView(kind)}
                className={cx(
                  "rounded-md px-3 py-1 font-medium transition-colors",
                  view === kind ? "bg-white text-gray-900 shadow-xs ring-1 ring-gray-950/5" : "text-gray-600 hover:text-gray-900",
                )}
              >
                {kind === "html" ? "HTML" : "Plain text"}
              </button>
            ))}
          </div>
        </div>
        {message.link && (
          <p className="text-xs text-gray-500">
            Opens in a new tab. You're signed in here, so the invitation page will offer to switch to the new account:
            use a private window to try it as the invitee.
          </p>
        )}
      </header>
      {view === "html" ? (
        // Sandboxed without any allowance: no scripts, no same-origin access, no navigation.
        // It inherits this page's CSP, which allows the inline styles emails are made of.
        <iframe
          title={`Email: ${message.subject}`}
          sandbox=""
          srcDoc={message.html}
          referrerPolicy="no-referrer"
          className="h-[36rem] w-full rounded-b-xl bg-gray-50"
        />
      ) : (
        <pre className="max-h-[36rem] overflow-auto px-5 py-4 font-mono text-[0.8125rem] leading-relaxed break-words whitespace-pre-wrap text-gray-800">
          {message.text}
        </pre>
      )}
    </article>
  );
}

function MailboxSkeleton() {
  return (
    <div role="status" aria-label="Loading the mailbox" className="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
      <Skeleton className="h-72 w-full rounded-xl" />
      <Skeleton className="h-96 w-full rounded-xl" />
    </div>
  );
}
