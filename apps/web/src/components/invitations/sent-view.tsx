import { Button } from "../ui/button.tsx";
import { DialogFooter } from "../ui/dialog.tsx";
import { formatDateTime } from "../../lib/time.ts";
import { CheckIcon, CopyField } from "./copy-field.tsx";
import type { Created } from "./invite-form-state.ts";
import { roleLabels } from "./status.tsx";

/** After one invitation: what was sent to whom, and its link to copy. */
export function SentView({ result, onAnother, onDone }: { result: Created; onAnother: () => void; onDone: () => void }) {
  const { invitation } = result;
  return (
    <div className="space-y-5">
      <div className="flex gap-3 rounded-lg bg-green-50 p-4 text-sm text-green-900 ring-1 ring-green-600/15">
        <CheckIcon className="mt-0.5 size-5" />
        {/* min-w-0: a long address wraps instead of widening the panel past the dialog. */}
        <div className="min-w-0 space-y-1">
          <p>
            We've emailed <strong className="font-semibold">{invitation.email}</strong> a link to join as{" "}
            {roleLabels[invitation.role] === "Admin" ? "an Admin" : "a Member"}. It expires on{" "}
            {formatDateTime(invitation.expiresAt)}.
          </p>
          {result.refreshed && (
            <p>They already had a pending invitation, so it was renewed: the earlier link no longer works.</p>
          )}
        </div>
      </div>
      <CopyField
        label="Invitation link"
        value={result.inviteUrl}
        hint="Want to share it another way, or the email didn't arrive? Copy the link. It works once, and only for this person."
      />
      <DialogFooter>
        <Button variant="secondary" onClick={onAnother}>
          Invite someone else
        </Button>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </div>
  );
}
