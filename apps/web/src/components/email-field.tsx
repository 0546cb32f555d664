import { TextField, type TextFieldProps } from "./ui/field.tsx";

/**
 * The email input of the account forms: the email keyboard, no autocorrect or capitals, and
 * `username` autofill so password managers pair it with the password (setup passes `email`).
 */
export function EmailField({
  label = "Email",
  ...props
}: Omit<TextFieldProps, "label" | "type" | "inputMode" | "autoCapitalize" | "spellCheck"> & { label?: TextFieldProps["label"] }) {
  return (
    <TextField
      label={label}
      name="email"
      autoComplete="username"
      {...props}
      type="email"
      inputMode="email"
      autoCapitalize="none"
      spellCheck={false}
    />
  );
}
