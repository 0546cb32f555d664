import { Heading, Text } from "@react-email/components";
// JSX compiles to React.createElement where the automatic runtime is not configured.
import * as React from "react";
import { ActionLink, EmailLayout, PRODUCT_NAME, styles } from "./layout.tsx";

export interface PasswordResetEmailProps {
  link: string;
  /** The origin the link points to, shown in the footer. */
  appHost: string;
  /** "Friday, January 9, 2026 at 10:00 AM UTC" */
  expiresAt: string;
  /** "in 1 hour", "in 45 minutes" */
  expiresIn: string;
}

export const passwordResetSubject = `Reset your ${PRODUCT_NAME} password`;

export function PasswordResetEmail(props: PasswordResetEmailProps) {
  return (
    <EmailLayout
      preview={`Choose a new password for ${PRODUCT_NAME}. The link expires ${props.expiresIn}.`}
      footer={[
        "If you didn’t ask for this, ignore this email: your password stays as it is.",
        `Sent by ${PRODUCT_NAME} at ${props.appHost}.`,
      ]}
    >
      <Heading as="h1" style={styles.h1}>
        Reset your password
      </Heading>
      <Text style={styles.lead}>
        Someone asked to reset the password of your {PRODUCT_NAME} account. If it was you, choose a new one: you’ll be
        signed in, and signed out everywhere else.
      </Text>
      <ActionLink href={props.link} label="Choose a new password" expiresAt={props.expiresAt} expiresIn={props.expiresIn} />
    </EmailLayout>
  );
}
