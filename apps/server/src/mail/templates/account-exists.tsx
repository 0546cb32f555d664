import { Heading, Link, Text } from "@react-email/components";
// JSX compiles to React.createElement where the automatic runtime is not configured.
import * as React from "react";
import { EmailLayout, PRODUCT_NAME, styles } from "./layout.tsx";

export interface AccountExistsEmailProps {
  signInUrl: string;
  resetUrl: string;
  /** The origin the links point to, shown in the footer. */
  appHost: string;
}

export const accountExistsSubject = `You already have an account on ${PRODUCT_NAME}`;

/**
 * Sent instead of a sign-up link to an address that has an account: the page that asked says
 * the same to everyone, and only the owner learns, here, that there was nothing to create.
 * It carries no token: nothing in it signs anyone in.
 */
export function AccountExistsEmail(props: AccountExistsEmailProps) {
  return (
    <EmailLayout
      preview={`Someone asked to sign up to ${PRODUCT_NAME} with this email, but it already has an account.`}
      footer={[
        "If you didn’t ask to sign up, ignore this email: nothing about your account has changed.",
        `Sent by ${PRODUCT_NAME} at ${props.appHost}.`,
      ]}
    >
      <Heading as="h1" style={styles.h1}>
        You already have an account
      </Heading>
      <Text style={styles.lead}>
        Someone asked to create an account on {PRODUCT_NAME} with this email address, but it already has one, so
        nothing new was created.
      </Text>
      <Text style={styles.lead}>
        <Link href={props.signInUrl} style={styles.rawLinkAnchor}>
          Sign in
        </Link>{" "}
        with your password or the provider you use. Forgot your password?{" "}
        <Link href={props.resetUrl} style={styles.rawLinkAnchor}>
          Ask for a reset link
        </Link>
        .
      </Text>
    </EmailLayout>
  );
}
