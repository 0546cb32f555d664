import { LOGO_MAX_BYTES, LOGO_TYPES, LOGO_UPLOAD_PATH } from "@invite/schemas";
import { useId, useRef, useState } from "react";
import { publishBranding, useBranding } from "../../lib/branding.ts";
import { queryClient, trpc } from "../../trpc.ts";
import { Button } from "../ui/button.tsx";
import { FieldError, FieldHint } from "../ui/field.tsx";
import { toast } from "../ui/toaster.tsx";

/**
 * The workspace logo: a preview, "Upload logo…" and "Remove". Saved at once, on its own route
 * (PUT /api/branding/logo, the file's bytes as the body), not with the form around it. Type
 * and size are checked here to save a round trip; the server checks the bytes (SECURITY 37).
 */
export function LogoField() {
  const id = useId();
  const branding = useBranding();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<"upload" | "remove" | null>(null);
  const logoUrl = branding?.logoUrl ?? null;

  async function send(method: "PUT" | "DELETE", file?: File) {
    setBusy(method === "PUT" ? "upload" : "remove");
    setError(undefined);
    try {
      const response = await fetch(LOGO_UPLOAD_PATH, {
        method,
        credentials: "same-origin",
        ...(file && { headers: { "Content-Type": file.type }, body: file }),
      });
      const answer = (await response.json().catch(() => null)) as { logoUrl?: string; error?: { message?: string } } | null;
      if (!response.ok) {
        setError(answer?.error?.message ?? "The logo couldn't be saved. Try again.");
        return;
      }
      publishBranding({ workspaceName: null, accentColor: null, ...branding, logoUrl: answer?.logoUrl ?? null });
      void queryClient.invalidateQueries(trpc.branding.get.queryFilter());
      toast.success(method === "PUT" ? "Logo uploaded" : "Logo removed");
    } catch {
      setError("We couldn't reach the server. Check your connection and try again.");
    } finally {
      setBusy(null);
    }
  }

  function choose(file: File | undefined) {
    if (input.current) input.current.value = ""; // choosing the same file again still fires
    if (!file) return;
    if (!(LOGO_TYPES as readonly string[]).includes(file.type)) {
      return setError("Choose a PNG, JPEG or WebP image. SVG isn't accepted.");
    }
    if (file.size > LOGO_MAX_BYTES) {
      return setError(`That image is ${Math.ceil(file.size / 1024)} KB; a logo may be at most 256 KB.`);
    }
    void send("PUT", file);
  }

  return (
    <div className="space-y-1.5" role="group" aria-labelledby={`${id}-label`}>
      <p id={`${id}-label`} className="block text-sm font-medium text-gray-900">
        Logo
      </p>
      <div className="flex flex-wrap items-center gap-4">
        <div className="grid h-16 w-32 shrink-0 place-items-center rounded-lg border border-gray-200 bg-gray-50 p-2">
          {logoUrl ? (
            <img src={logoUrl} alt="Current logo" className="max-h-12 max-w-28 object-contain" />
          ) : (
            <span className="text-xs text-gray-500">No logo</span>
          )}
        </div>
        <div className="flex flex-wrap gap-2">
          <input
            ref={input}
            id={`${id}-file`}
            type="file"
            accept={LOGO_TYPES.join(",")}
            className="sr-only"
            tabIndex={-1}
            aria-label="Logo image file"
            aria-describedby={`${id}-hint ${id}-error`}
            onChange={(event) => choose(event.target.files?.[0])}
          />
          <Button variant="secondary" size="sm" loading={busy === "upload"} onClick={() => input.current?.click()}>
            {logoUrl ? "Replace logo…" : "Upload logo…"}
          </Button>
          {logoUrl && (
            <Button variant="ghost" size="sm" loading={busy === "remove"} onClick={() => void send("DELETE")}>
              Remove
            </Button>
          )}
        </div>
      </div>
      <FieldHint id={`${id}-hint`}>
        PNG, JPEG or WebP, up to 256 KB; shown 28 to 48 pixels tall. Saved as soon as you choose it.
      </FieldHint>
      <FieldError id={`${id}-error`} role="alert">
        {error}
      </FieldError>
    </div>
  );
}
