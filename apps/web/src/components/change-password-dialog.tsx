import { useMutation } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { PASSWORD_MIN, passwordLength } from "@invite/schemas";
import { PasswordField } from "./password-field.tsx";
import { FormAlert } from "./form-alert.tsx";
import { Button } from "./ui/button.tsx";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "./ui/dialog.tsx";
import { toast } from "./ui/toaster.tsx";
import { getErrorMessage, getErrorReason, getFieldErrors } from "../lib/errors.ts";
import { queryClient, trpc } from "../trpc.ts";

type Errors = { currentPassword?: string; newPassword?: string };

/** The account page's "Change password": the current one, then a new one with the meter. */
export function ChangePasswordDialog({ open, onOpenChange, related }: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The email and name: a password built from them is refused. */
  related: string[];
}) {
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const currentRef = useRef<HTMLInputElement>(null);
  const newRef = useRef<HTMLInputElement>(null);
  const change = useMutation(trpc.account.changePassword.mutationOptions());

  function close(next: boolean) {
    if (!next) {
      setCurrentPassword("");
      setNewPassword("");
      setErrors({});
      change.reset();
    }
    onOpenChange(next);
  }

  function showErrors(found: Errors) {
    setErrors(found);
    (found.currentPassword ? currentRef : newRef).current?.focus();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Errors = {
      currentPassword: currentPassword ? undefined : "Enter your current password.",
      newPassword: passwordLength(newPassword) >= PASSWORD_MIN ? undefined : `Use at least ${PASSWORD_MIN} characters.`,
    };
    if (found.currentPassword || found.newPassword) return showErrors(found);
    setErrors({});
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          toast.success("Password changed", { description: "Your other devices are signed out." });
          void queryClient.invalidateQueries(trpc.auth.sessions.pathFilter());
          close(false);
        },
        onError: (error) => {
          const reason = getErrorReason(error);
          if (reason === "INVALID_CREDENTIALS") showErrors({ currentPassword: getErrorMessage(error) });
          else if (reason === "WEAK_PASSWORD" || reason === "SAME_PASSWORD") showErrors({ newPassword: getErrorMessage(error) });
          else if (reason === "VALIDATION_FAILED") showErrors(getFieldErrors(error));
        },
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent title="Change password" description="You stay signed in here; every other device is signed out.">
        <form noValidate onSubmit={submit} className="space-y-5" aria-label="Change password">
          <FormAlert error={change.error} besideFields={["INVALID_CREDENTIALS", "WEAK_PASSWORD", "SAME_PASSWORD", "VALIDATION_FAILED"]} />
          <PasswordField
            ref={currentRef}
            label="Current password"
            name="current-password"
            value={currentPassword}
            onValueChange={(value) => {
              setCurrentPassword(value);
              if (errors.currentPassword) setErrors((e) => ({ ...e, currentPassword: undefined }));
            }}
            error={errors.currentPassword}
          />
          <PasswordField
            ref={newRef}
            label="New password"
            name="new-password"
            meter
            related={related}
            value={newPassword}
            onValueChange={(value) => {
              setNewPassword(value);
              if (errors.newPassword) setErrors((e) => ({ ...e, newPassword: undefined }));
            }}
            error={errors.newPassword}
          />
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" loading={change.isPending}>
              {change.isPending ? "Saving…" : "Change password"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
