import { useEffect, useRef, useState } from "react";
import { Dialog, DialogContent } from "../ui/dialog.tsx";
import { BulkView, isFailure, runBulk, type BulkPhase } from "./bulk-invite.tsx";
import { initialForm, type Created, type FormState, type InviteDraft } from "./invite-form-state.ts";
import { InviteForm } from "./invite-form.tsx";
import { SentView } from "./sent-view.tsx";

/*
 * The invite dialog: its frame (titles, focus in and out) and which step it shows: the form
 * (invite-form.tsx), the link of one invitation sent (sent-view.tsx), or a list's run and report
 * (bulk-invite.tsx).
 */

export type { InviteDraft } from "./invite-form-state.ts";

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Prefill, e.g. "Invite again" on a revoked row. */
  draft?: InviteDraft | undefined;
};

export type Phase = { name: "form" } | { name: "sent"; result: Created } | BulkPhase;

/** The invite form: one address or a pasted list, then a copyable link or a per-row report. */
export function InviteDialog({ open, onOpenChange, draft }: Props) {
  const [phase, setPhase] = useState<Phase>({ name: "form" });
  // Opened from several places (and from menus that are gone by the time it closes):
  // focus goes back where it came from, or to the page's "Invite people" button.
  const returnFocus = useRef<Element | null>(null);
  const running = phase.name === "bulk" && phase.running;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        // A bulk run keeps the dialog open until it finishes or is stopped.
        if (running) return;
        onOpenChange(next);
        if (!next) setPhase({ name: "form" });
      }}
    >
      <DialogContent
        title={titleFor(phase)}
        description={phase.name === "form" ? "They'll get an email with a link to create their account." : undefined}
        hideClose={running}
        className={phase.name === "bulk" ? "max-w-xl" : undefined}
        // Starting in the email field is what everyone does first.
        onOpenAutoFocus={(event) => {
          returnFocus.current = document.activeElement;
          const field = (event.currentTarget as HTMLElement | null)?.querySelector<HTMLElement>(
            "textarea, input:not([type=file])",
          );
          if (field) {
            event.preventDefault();
            field.focus();
          }
        }}
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          const previous = returnFocus.current;
          const target = previous instanceof HTMLElement && previous.isConnected && previous !== document.body
            ? previous
            : document.querySelector<HTMLElement>("[data-invite-button]");
          target?.focus();
        }}
      >
        {open && (
          <InviteFlow
            key={draft?.emails ?? ""}
            draft={draft}
            phase={phase}
            setPhase={setPhase}
            onDone={() => {
              onOpenChange(false);
              setPhase({ name: "form" });
            }}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}

function titleFor(phase: Phase): string {
  if (phase.name === "sent") return phase.result.refreshed ? "Invitation renewed" : "Invitation sent";
  if (phase.name === "bulk") {
    if (phase.running) return "Sending invitations…";
    if (phase.stopped) return "Stopped sending invitations";
    // The title says how it went, as the bar's colour does: all sent, some not, or none.
    const sent = phase.rows.filter((row) => row.state === "invited" || row.state === "refreshed").length;
    if (sent === 0) return "No invitations sent";
    if (phase.rows.some(isFailure)) return "Some invitations weren't sent";
    return sent === 1 ? "Invitation sent" : "Invitations sent";
  }
  return "Invite people";
}

type FlowProps = {
  draft: InviteDraft | undefined;
  phase: Phase;
  setPhase: (phase: Phase | ((current: Phase) => Phase)) => void;
  onDone: () => void;
};

function InviteFlow({ draft, phase, setPhase, onDone }: FlowProps) {
  const [form, setForm] = useState<FormState>(() => initialForm(draft));
  // Back on the form from a result ("Invite someone else", "Try again"): the button pressed is
  // gone, so focus goes to the addresses. (On open, the dialog's own autofocus does that.)
  const [returned, setReturned] = useState(false);
  // The bulk run in progress, if any; closing the dialog stops it after the current request.
  const run = useRef<{ stop: boolean } | null>(null);
  useEffect(
    () => () => {
      if (run.current) run.current.stop = true;
    },
    [],
  );
  if (phase.name === "sent") {
    return (
      <SentView
        result={phase.result}
        onAnother={() => {
          // A new invitation starts from scratch: the last one's role, lifetime and
          // (above all) personal message must not ride along unnoticed.
          setForm(initialForm());
          setReturned(true);
          setPhase({ name: "form" });
        }}
        onDone={onDone}
      />
    );
  }
  if (phase.name === "bulk") {
    return (
      <BulkView
        phase={phase}
        onStop={() => {
          if (run.current) run.current.stop = true;
          setPhase((p) => (p.name === "bulk" ? { ...p, stopping: true } : p));
        }}
        onRetry={(emails) => {
          setForm((f) => ({ ...f, emails }));
          setReturned(true);
          setPhase({ name: "form" });
        }}
        onDone={onDone}
      />
    );
  }
  return (
    <InviteForm
      focusOnMount={returned}
      form={form}
      setForm={setForm}
      setPhase={setPhase}
      onBulk={(rows, input) => {
        const controller = { stop: false };
        run.current = controller;
        setPhase({ name: "bulk", rows, running: true, stopping: false, stopped: false });
        void runBulk(rows, input, controller, (change) => setPhase((p) => (p.name === "bulk" ? change(p) : p)));
      }}
    />
  );
}
