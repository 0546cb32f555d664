import { Heading, Text } from "@react-email/components";
// JSX compiles to React.createElement where the automatic runtime is not configured.
import * as React from "react";
import { ActionLink, EmailLayout, styles, type EmailBrand } from "./layout.tsx";

export interface PasswordResetEmailProps {
  brand: EmailBrand;
  link: string;
  /** The origin the link points to, shown in the footer. */
  appHost: string;
  /** "Friday, January 9, 2026 at 10:00 AM UTC" */
  expiresAt: string;
  /** "in 1 hour", "in 45 minutes" */
  expiresIn: string;
}

export const passwordResetSubject = (brand: EmailBrand) => `Reset your ${brand.name} password`;

export function PasswordResetEmail(props: PasswordResetEmailProps) {
  return (
    <EmailLayout
      brand={props.brand}
      preview={`Choose a new password for ${props.brand.name}. The link expires ${props.expiresIn}.`}
      footer={[
        "If you didn’t ask for this, ignore this email: your password stays as it is.",
        `Sent by ${props.brand.name} at ${props.appHost}.`,
      ]}
    >
      <Heading as="h1" style={styles.h1}>
        Reset your password
      </Heading>
      <Text style={styles.lead}>
        Someone asked to reset the password of your {props.brand.name} account. If it was you, choose a new one: you’ll be
        signed in, and signed out everywhere else.
      </Text>
      <ActionLink brand={props.brand} href={props.link} label="Choose a new password" expiresAt={props.expiresAt} expiresIn={props.expiresIn} />
    </EmailLayout>
  );
}
