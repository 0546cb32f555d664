import { bulkInviteReasonMessages } from "@invite/schemas";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { useEffect, useRef, useState } from "react";
import { Alert } from "../ui/alert.tsx";
import { Badge, type BadgeTone } from "../ui/badge.tsx";
import { Button } from "../ui/button.tsx";
import { cx } from "../ui/cx.ts";
import { DialogFooter } from "../ui/dialog.tsx";
import { toast } from "../ui/toaster.tsx";
import { getErrorMessage, getErrorReason } from "../../lib/errors.ts";
import { queryClient, trpc, trpcClient } from "../../trpc.ts";
import { CheckIcon, copyText, CopyIcon } from "./copy-field.tsx";
import { formatAddress } from "./email-list.ts";
import { rememberLink } from "./link-memory.ts";

/*
 * Inviting a list: the rows of the report, sending them in chunks with invitation.createMany
 * (cancellable between chunks), and the report with its progress bar, outcomes and copy actions.
 */

type BulkState = "waiting" | "sending" | "invited" | "refreshed" | "member" | "invalid" | "failed" | "skipped";
export type BulkRow = {
  email: string;
  /** The name the list gave (`Ada Lovelace <ada@example.com>`), sent with the address. */
  name?: string | undefined;
  state: BulkState;
  detail?: string | undefined;
  url?: string | undefined;
  /** Invalid before anything was sent: not part of the progress. */
  upfront?: boolean;
};

const bulkLabels: Record<BulkState, { label: string; tone: BadgeTone }> = {
  waiting: { label: "Waiting", tone: "neutral" },
  sending: { label: "Sending…", tone: "accent" },
  invited: { label: "Invited", tone: "success" },
  refreshed: { label: "Renewed", tone: "success" },
  member: { label: "Already a member", tone: "neutral" },
  invalid: { label: "Invalid", tone: "warning" },
  failed: { label: "Failed", tone: "danger" },
  skipped: { label: "Not sent", tone: "neutral" },
};

const isDone = (row: BulkRow) => row.state !== "waiting" && row.state !== "sending";
export const isFailure = (row: BulkRow) => row.state === "invalid" || row.state === "failed" || row.state === "skipped";

/** The dialog while a list is being sent, and its report afterwards. */
export type BulkPhase = {
  name: "bulk";
  rows: BulkRow[];
  running: boolean;
  /** Stop was pressed; the request in flight finishes first. */
  stopping: boolean;
  stopped: boolean;
  stopReason?: string | undefined;
};

/** Addresses per createMany request: small enough for the bar to move, large enough to be quick. */
const SEND_CHUNK = 200;

/** What every row of one run is sent with. */
export type BulkInput = { role: "ADMIN" | "MEMBER"; expiresInHours: number; message?: string; redirectUrl?: string };

/** What the server answered for one address (`invitation.createMany`'s results). */
type Result = inferOutput<typeof trpc.invitation.createMany>["results"][number];

/** A row's state from its result: sent (with its link), a member, or why not. */
function rowFor(result: Result): Partial<BulkRow> {
  switch (result.outcome) {
    case "invited":
    case "renewed":
      if (result.invitation && result.inviteUrl) rememberLink(result.invitation, result.inviteUrl);
      return result.outcome === "renewed"
        ? { state: "refreshed", url: result.inviteUrl, detail: "Already invited: their earlier link no longer works" }
        : { state: "invited", url: result.inviteUrl };
    case "already_member":
      return { state: "member" };
    case "invalid":
      // Past the recipient's emails for the hour is worth trying again later; the rest are not.
      return {
        state: result.reason === "RATE_LIMITED" ? "failed" : "invalid",
        detail: result.reason ? bulkInviteReasonMessages[result.reason] : "Not accepted by the server",
      };
  }
}

/**
 * Sends the waiting rows SEND_CHUNK at a time with `invitation.createMany`, updating the phase
 * after each answer: that is what moves the bar. Stop takes effect between requests; a list
 * past the admin's hourly allowance is refused whole by the server, which stops the run with
 * its words (how many may go now).
 */
export async function runBulk(
  rows: BulkRow[],
  input: BulkInput,
  controller: { stop: boolean },
  update: (change: (phase: BulkPhase) => BulkPhase) => void,
) {
  const setRows = (changes: Map<number, Partial<BulkRow>>) =>
    update((p) => ({ ...p, rows: p.rows.map((r, i) => (changes.has(i) ? { ...r, ...changes.get(i) } : r)) }));
  const same = (indexes: number[], row: Partial<BulkRow>) => new Map(indexes.map((index) => [index, row]));
  let stopReason: string | undefined;
  const sent: BulkRow[] = [];
  const waiting = rows.flatMap((row, index) => (row.state === "waiting" ? [index] : []));
  for (let start = 0; start < waiting.length; start += SEND_CHUNK) {
    const indexes = waiting.slice(start, start + SEND_CHUNK);
    if (controller.stop || stopReason) {
      setRows(same(indexes, { state: "skipped", detail: stopReason ? "Not sent: rate limit reached" : "Not sent: stopped" }));
      continue;
    }
    setRows(same(indexes, { state: "sending" }));
    try {
      const { results } = await trpcClient.invitation.createMany.mutate({
        people: indexes.map((index) => {
          const { email, name } = rows[index]!;
          return name ? { email, name } : { email };
        }),
        ...input,
      });
      const changes = new Map(indexes.map((index, k) => [index, rowFor(results[k]!)]));
      setRows(changes);
      for (const [index, change] of changes) {
        if (change.state === "invited" || change.state === "refreshed") sent.push({ email: rows[index]!.email, state: change.state });
      }
    } catch (error) {
      if (getErrorReason(error) === "RATE_LIMITED") {
        // The admin's allowance: nothing of this request was sent, and the next would fare no better.
        stopReason = getErrorMessage(error);
        setRows(same(indexes, { state: "skipped", detail: "Not sent: rate limit reached" }));
      } else {
        setRows(same(indexes, { state: "failed", detail: getErrorMessage(error) }));
      }
    }
  }
  void queryClient.invalidateQueries(trpc.invitation.pathFilter());
  update((p) => ({ ...p, running: false, stopping: false, stopped: controller.stop || Boolean(stopReason), stopReason }));
  // Worded like the report: "3 invited, 1 renewed", not a third way of counting.
  if (sent.length) {
    toast.success(`${sent.length === 1 ? "Invitation" : "Invitations"} sent: ${tally(sent).map((outcome) => outcome.text).join(", ")}`);
  }
}

export function BulkView({
  phase,
  onStop,
  onRetry,
  onDone,
}: {
  phase: BulkPhase;
  onStop: () => void;
  onRetry: (emails: string) => void;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<"failures" | "links" | null>(null);
  const { rows, running } = phase;

  const current = rows.findIndex((row) => row.state === "sending");
  const toSend = rows.filter((row) => !row.upfront).length;
  const sentSoFar = rows.filter((row) => !row.upfront && isDone(row)).length;
  const outcomes = tally(rows);
  const summary = outcomes.map((outcome) => outcome.text).join(", ");
  const failures = rows.filter(isFailure);
  const links = rows.filter((row) => row.url);

  async function copy(kind: "failures" | "links") {
    // Failed ones as the list had them, names included, so pasting them back sends the same.
    const text =
      kind === "failures"
        ? failures.map((row) => formatAddress(row.email, row.name)).join("\n")
        : ["email,link", ...links.map((row) => `${row.email},${row.url}`)].join("\n");
    if (await copyText(text)) {
      setCopied(kind);
      toast.success(kind === "failures" ? "Addresses copied" : "Links copied as CSV");
    } else {
      toast.error("Your browser blocked copying. Select the rows and copy them by hand.");
    }
  }

  return (
    <div className="space-y-5">
      <div>
        <div className="flex items-baseline justify-between gap-3 text-sm">
          <p className="font-medium text-gray-900" id="bulk-progress-label">
            {running
              ? `Inviting… ${sentSoFar.toLocaleString("en")} of ${toSend.toLocaleString("en")} done`
              : `Done: ${summary}.`}
          </p>
          <span className="text-gray-500 tabular-nums">
            {Math.round((toSend ? sentSoFar / toSend : 1) * 100)}%
          </span>
        </div>
        <div
          role="progressbar"
          aria-labelledby="bulk-progress-label"
          aria-valuemin={0}
          aria-valuemax={toSend}
          aria-valuenow={sentSoFar}
          className="mt-2 h-2 overflow-hidden rounded-full bg-gray-100"
        >
          <div
            className={cx("h-full rounded-full transition-[width] duration-300", running ? "bg-accent-600" : failures.length ? "bg-amber-500" : "bg-green-600")}
            style={{ width: `${(toSend ? sentSoFar / toSend : 1) * 100}%` }}
          />
        </div>
        {/* Announced once, when the run ends; per-row progress would be a flood. */}
        <p role="status" className="sr-only">
          {running ? "" : `Finished. ${summary}.`}
        </p>
      </div>

      {!running && phase.stopReason && (
        <Alert tone="warning" title="Paused by the rate limit">
          {phase.stopReason} The addresses that weren't sent are in “Copy failed addresses”.
        </Alert>
      )}

      {/* The same outcomes as the line above, as badges; shown once there are any. */}
      {outcomes.length > 0 && (
        <div className="flex flex-wrap gap-1.5" aria-label="Summary">
          {outcomes.map((outcome) => (
            <Badge key={outcome.state} tone={bulkLabels[outcome.state].tone}>
              {outcome.text}
            </Badge>
          ))}
        </div>
      )}

      <ol
        aria-label="Results"
        className="max-h-72 divide-y divide-gray-100 overflow-y-auto rounded-lg border border-gray-200 text-sm"
      >
        {rows.map((row, index) => (
          <BulkResultRow key={`${row.email}-${index}`} row={row} current={index === current} />
        ))}
      </ol>

      <DialogFooter className="sm:justify-between">
        {running ? (
          <>
            <p className="self-center text-sm text-gray-600">
              {phase.stopping
                ? "Stopping after the addresses being sent now…"
                : `Sent ${SEND_CHUNK} at a time. You can stop between them.`}
            </p>
            <Button variant="secondary" onClick={onStop} disabled={phase.stopping}>
              Stop
            </Button>
          </>
        ) : (
          <>
            <div className="flex flex-col gap-2 sm:flex-row">
              {failures.length > 0 && (
                <Button variant="secondary" onClick={() => void copy("failures")}>
                  {copied === "failures" ? <CheckIcon /> : <CopyIcon />}
                  Copy failed addresses ({failures.length})
                </Button>
              )}
              {links.length > 0 && (
                <Button variant="ghost" onClick={() => void copy("links")}>
                  {copied === "links" ? <CheckIcon /> : <CopyIcon />}
                  Copy links
                </Button>
              )}
            </div>
            <div className="flex flex-col-reverse gap-2 sm:flex-row">
              {failures.some((row) => row.state !== "invalid") && (
                <Button
                  variant="secondary"
                  onClick={() => onRetry(failures.filter((r) => r.state !== "invalid").map((r) => formatAddress(r.email, r.name)).join("\n"))}
                >
                  Try again
                </Button>
              )}
              <Button onClick={onDone}>Done</Button>
            </div>
          </>
        )}
      </DialogFooter>
    </div>
  );
}

function BulkResultRow({ row, current }: { row: BulkRow; current: boolean }) {
  const { label, tone } = bulkLabels[row.state];
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (current) ref.current?.scrollIntoView({ block: "nearest" });
  }, [current]);
  return (
    <li ref={ref} className={cx("flex items-center gap-3 px-3 py-2", current && "bg-accent-50/60")}>
      <span className="min-w-0 flex-1">
        {row.name && (
          <span className="block truncate font-medium text-gray-900" title={row.name}>
            {row.name}
          </span>
        )}
        <span className={cx("block truncate font-mono text-[0.8125rem]", row.name ? "text-gray-600" : "text-gray-900")} title={row.email}>
          {row.email}
        </span>
        {row.detail && <span className="block truncate text-xs text-gray-500">{row.detail}</span>}
      </span>
      <Badge tone={tone} dot={row.state !== "waiting"}>
        {label}
      </Badge>
    </li>
  );
}

type Outcome = { state: Exclude<BulkState, "waiting" | "sending">; count: number; text: string };

const outcomeText: Record<Outcome["state"], (count: number) => string> = {
  invited: (n) => `${n} invited`,
  refreshed: (n) => `${n} renewed`,
  member: (n) => `${n} already ${n === 1 ? "a member" : "members"}`,
  invalid: (n) => `${n} invalid`,
  failed: (n) => `${n} failed`,
  skipped: (n) => `${n} not sent`,
};

/**
 * How the rows ended, in a fixed order, leaving out what didn't happen: the one count
 * behind both the "Done: …" line and the badges, so they can't disagree. Every row is
 * in exactly one outcome ("renewed" ones are not also counted as "invited").
 */
function tally(rows: BulkRow[]): Outcome[] {
  return (Object.keys(outcomeText) as Array<Outcome["state"]>).flatMap((state) => {
    const count = rows.filter((row) => row.state === state).length;
    return count ? [{ state, count, text: outcomeText[state](count) }] : [];
  });
}
