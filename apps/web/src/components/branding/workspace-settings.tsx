import { useMutation } from "@tanstack/react-query";
import {
  accentColorSchema,
  contrastRatio,
  DEFAULT_ACCENT_COLOR,
  textOnColor,
  WORKSPACE_NAME_MAX,
  workspaceNameSchema,
  type Registration,
} from "@invite/schemas";
import { useId, useState, type FormEvent } from "react";
import { publishBranding, useBranding } from "../../lib/branding.ts";
import { getErrorMessage, getErrorReason, getFieldErrors } from "../../lib/errors.ts";
import { queryClient, trpc } from "../../trpc.ts";
import { Alert } from "../ui/alert.tsx";
import { Button } from "../ui/button.tsx";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "../ui/card.tsx";
import { FieldError, FieldHint, Input, Label } from "../ui/field.tsx";
import { toast } from "../ui/toaster.tsx";
import { LogoField } from "./logo-field.tsx";

type Saved = { registration: Registration; defaultInviteHours: number; workspaceName: string | null; accentColor: string | null };

/**
 * The settings page's "Workspace" card: the name, logo and accent colour that the header, the
 * sign-in and invitation pages and every email show. Its own form and Save (the logo saves on
 * upload): changing how the product looks is a separate decision from who may join.
 */
export function WorkspaceSettings({ saved }: { saved: Saved }) {
  const id = useId();
  const branding = useBranding();
  const [name, setName] = useState(saved.workspaceName ?? "");
  const [color, setColor] = useState(saved.accentColor ?? "");
  const [errors, setErrors] = useState<{ name?: string; color?: string }>({});
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.settings.get.queryKey(), next);
        void queryClient.invalidateQueries(trpc.settings.pathFilter());
        void queryClient.invalidateQueries(trpc.branding.get.queryFilter());
        publishBranding({ logoUrl: branding?.logoUrl ?? null, workspaceName: next.workspaceName, accentColor: next.accentColor });
        toast.success("Workspace saved");
      },
      onError: (failure) => {
        if (getErrorReason(failure) !== "VALIDATION_FAILED") return;
        const fields = getFieldErrors(failure);
        setErrors({ name: fields.workspaceName, color: fields.accentColor });
      },
    }),
  );

  const typedColor = color.trim().toLowerCase();
  const validColor = accentColorSchema.safeParse(typedColor || null);
  const preview = validColor.success && validColor.data ? validColor.data : DEFAULT_ACCENT_COLOR;
  const dirty = name.trim() !== (saved.workspaceName ?? "") || typedColor !== (saved.accentColor ?? "");

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsedName = workspaceNameSchema.safeParse(name);
    const found = {
      name: parsedName.success ? undefined : parsedName.error.issues[0]?.message,
      color: validColor.success ? undefined : validColor.error.issues[0]?.message,
    };
    setErrors(found);
    if (found.name || found.color) {
      document.getElementById(found.name ? `${id}-name` : `${id}-color-text`)?.focus();
      return;
    }
    update.mutate({
      registration: saved.registration,
      defaultInviteHours: saved.defaultInviteHours,
      workspaceName: parsedName.data ?? null,
      accentColor: validColor.data ?? null,
    });
  }

  const formError = update.error && getErrorReason(update.error) !== "VALIDATION_FAILED" ? update.error : null;
  const onPreview = textOnColor(preview);

  return (
    <form noValidate onSubmit={submit} aria-label="Workspace" className="mt-6">
      <Card>
        <CardHeader>
          <CardTitle as="h2">Workspace</CardTitle>
          <CardDescription>
            Your name, logo and colour appear in the header, on the sign-in and invitation pages, and in every email.
            Left empty, the product's own look stays.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-6">
          <div className="max-w-md space-y-1.5">
            <Label htmlFor={`${id}-name`}>Workspace name</Label>
            <Input
              id={`${id}-name`}
              name="workspaceName"
              autoComplete="organization"
              maxLength={WORKSPACE_NAME_MAX}
              placeholder="Invitations"
              value={name}
              onChange={(event) => {
                setName(event.target.value);
                if (errors.name) setErrors((e) => ({ ...e, name: undefined }));
              }}
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={`${id}-name-hint ${id}-name-error`}
            />
            <FieldHint id={`${id}-name-hint`}>
              Invitations read “Ada Lovelace invited you to join {name.trim() || "your workspace"} as Member”.
            </FieldHint>
            <FieldError id={`${id}-name-error`} role="alert">
              {errors.name}
            </FieldError>
          </div>

          <LogoField />

          <div className="space-y-1.5">
            <Label htmlFor={`${id}-color-text`}>Accent colour</Label>
            <div className="flex flex-wrap items-center gap-3">
              <input
                type="color"
                aria-label="Pick the accent colour"
                value={preview}
                onChange={(event) => {
                  setColor(event.target.value);
                  if (errors.color) setErrors((e) => ({ ...e, color: undefined }));
                }}
                className="h-10 w-12 shrink-0 cursor-pointer rounded-md border border-field-border bg-white p-1 shadow-xs"
              />
              <div className="w-32">
                <Input
                  id={`${id}-color-text`}
                  name="accentColor"
                  spellCheck={false}
                  autoCapitalize="off"
                  placeholder={DEFAULT_ACCENT_COLOR}
                  value={color}
                  onChange={(event) => {
                    setColor(event.target.value);
                    if (errors.color) setErrors((e) => ({ ...e, color: undefined }));
                  }}
                  aria-invalid={errors.color ? true : undefined}
                  aria-describedby={`${id}-color-hint ${id}-color-error`}
                  className="font-mono"
                />
              </div>
              {color && (
                <Button variant="ghost" size="sm" onClick={() => setColor("")}>
                  Use the default
                </Button>
              )}
            </div>
            <FieldHint id={`${id}-color-hint`}>
              For buttons and links, in the form #rrggbb. Text on it is black or white, whichever reads better.
            </FieldHint>
            <FieldError id={`${id}-color-error`} role="alert">
              {errors.color}
            </FieldError>
            <div className="mt-3 flex flex-wrap items-center gap-3" aria-hidden="true">
              <span
                className="inline-flex h-10 items-center rounded-md px-4 text-sm font-medium shadow-xs"
                style={{ backgroundColor: preview, color: onPreview }}
              >
                Accept invitation
              </span>
              <span className="text-sm text-gray-600">
                {onPreview === "#ffffff" ? "White" : "Black"} text, contrast {contrastRatio(preview, onPreview).toFixed(1)}:1
              </span>
            </div>
          </div>
        </CardContent>
        <CardFooter className="justify-between">
          <p className="text-sm text-gray-600" aria-live="polite">
            {dirty ? "You have unsaved changes." : ""}
          </p>
          <div className="flex gap-2">
            {dirty && (
              <Button
                variant="ghost"
                onClick={() => {
                  setName(saved.workspaceName ?? "");
                  setColor(saved.accentColor ?? "");
                  setErrors({});
                  update.reset();
                }}
              >
                Discard
              </Button>
            )}
            <Button type="submit" loading={update.isPending} disabled={!dirty}>
              Save workspace
            </Button>
          </div>
        </CardFooter>
      </Card>
      {formError && (
        <Alert tone="error" role="alert" className="mt-4">
          {getErrorMessage(formError)}
        </Alert>
      )}
    </form>
  );
}
