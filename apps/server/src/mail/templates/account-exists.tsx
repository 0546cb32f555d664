import { Heading, Link, Text } from "@react-email/components";
// JSX compiles to React.createElement where the automatic runtime is not configured.
import * as React from "react";
import { EmailLayout, styles, type EmailBrand } from "./layout.tsx";

export interface AccountExistsEmailProps {
  brand: EmailBrand;
  signInUrl: string;
  resetUrl: string;
  /** The origin the links point to, shown in the footer. */
  appHost: string;
}

export const accountExistsSubject = (brand: EmailBrand) => `You already have an account on ${brand.name}`;

/**
 * Sent instead of a sign-up link to an address that has an account: the page that asked says
 * the same to everyone, and only the owner learns, here, that there was nothing to create.
 * It carries no token: nothing in it signs anyone in.
 */
export function AccountExistsEmail(props: AccountExistsEmailProps) {
  return (
    <EmailLayout
      brand={props.brand}
      preview={`Someone asked to sign up to ${props.brand.name} with this email, but it already has an account.`}
      footer={[
        "If you didn’t ask to sign up, ignore this email: nothing about your account has changed.",
        `Sent by ${props.brand.name} at ${props.appHost}.`,
      ]}
    >
      <Heading as="h1" style={styles.h1}>
        You already have an account
      </Heading>
      <Text style={styles.lead}>
        Someone asked to create an account on {props.brand.name} with this email address, but it already has one, so
        nothing new was created.
      </Text>
      <Text style={styles.lead}>
        <Link href={props.signInUrl} style={{ ...styles.rawLinkAnchor, color: props.brand.link }}>
          Sign in
        </Link>{" "}
        with your password or the provider you use. Forgot your password?{" "}
        <Link href={props.resetUrl} style={{ ...styles.rawLinkAnchor, color: props.brand.link }}>
          Ask for a reset link
        </Link>
        .
      </Text>
    </EmailLayout>
  );
}
