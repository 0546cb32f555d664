import type { useAccountForm } from "../lib/use-account-form.ts";
import { EmailField } from "./email-field.tsx";
import { PasswordField } from "./password-field.tsx";
import { TextField } from "./ui/field.tsx";

/** The email, name and new-password fields of the setup and sign-up forms, bound to `useAccountForm`. */
export function AccountFields({
  form,
  nameHint,
  emailAutoComplete,
}: {
  form: ReturnType<typeof useAccountForm>;
  nameHint?: string;
  /** `username` (the default) pairs it with the password in password managers. */
  emailAutoComplete?: "email" | "username";
}) {
  const { values, errors, emailRef, nameRef, passwordRef, edit } = form;
  return (
    <>
      <EmailField
        ref={emailRef}
        autoComplete={emailAutoComplete}
        value={values.email}
        onChange={(event) => edit("email")(event.target.value)}
        error={errors.email}
      />
      <TextField
        ref={nameRef}
        label="Name"
        name="name"
        autoComplete="name"
        hint={nameHint}
        value={values.name}
        onChange={(event) => edit("name")(event.target.value)}
        error={errors.name}
      />
      <PasswordField
        ref={passwordRef}
        name="password"
        meter
        related={[values.email, values.name]}
        value={values.password}
        onValueChange={edit("password")}
        error={errors.password}
      />
    </>
  );
}
