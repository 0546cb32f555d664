import { useRef, useState } from "react";
import { PASSWORD_MIN, passwordLength } from "@invite/schemas";
import { getErrorMessage, getErrorReason, getFieldErrors } from "./errors.ts";

export type AccountField = "email" | "name" | "password";
export type AccountErrors = Partial<Record<AccountField, string>>;

/** Failures shown beside a field; any other goes above the form. */
export function isFieldFailure(error: unknown): boolean {
  const reason = getErrorReason(error);
  return reason === "ALREADY_MEMBER" || reason === "WEAK_PASSWORD" || reason === "VALIDATION_FAILED";
}

/**
 * The email + name + password form of the setup and sign-up pages: values, per-field
 * errors (focus moves to the first), the checks the browser can make, and the server's
 * field failures put back beside their fields.
 */
export function useAccountForm() {
  const [values, setValues] = useState<Record<AccountField, string>>({ email: "", name: "", password: "" });
  const [errors, setErrors] = useState<AccountErrors>({});
  const emailRef = useRef<HTMLInputElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  function showErrors(found: AccountErrors) {
    setErrors(found);
    const first = found.email ? emailRef : found.name ? nameRef : found.password ? passwordRef : null;
    first?.current?.focus();
  }

  /** Editing a field clears its error. */
  function edit(field: AccountField) {
    return (value: string) => {
      setValues((v) => ({ ...v, [field]: value }));
      setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));
    };
  }

  /** True when the form may be sent; otherwise shows what to fix. */
  function validate(): boolean {
    const found: AccountErrors = {
      email: values.email.trim() ? undefined : "Enter your email address.",
      name: values.name.trim() ? undefined : "Enter your name.",
      password: passwordLength(values.password) >= PASSWORD_MIN ? undefined : `Use at least ${PASSWORD_MIN} characters.`,
    };
    if (found.email || found.name || found.password) {
      showErrors(found);
      return false;
    }
    setErrors({});
    return true;
  }

  /** Puts a server failure beside its field; `alreadyMember` says what to do about a taken email. */
  function showServerError(error: unknown, alreadyMember: string) {
    switch (getErrorReason(error)) {
      case "ALREADY_MEMBER":
        return showErrors({ email: alreadyMember });
      case "WEAK_PASSWORD":
        return showErrors({ password: getErrorMessage(error) });
      case "VALIDATION_FAILED": {
        const fields = getFieldErrors(error);
        return showErrors({ email: fields.email, name: fields.name, password: fields.password });
      }
    }
  }

  return { values, errors, emailRef, nameRef, passwordRef, edit, validate, showServerError };
}
