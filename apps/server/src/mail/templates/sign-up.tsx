import { Heading, Text } from "@react-email/components";
// JSX compiles to React.createElement where the automatic runtime is not configured.
import * as React from "react";
import { ActionLink, EmailLayout, styles, type EmailBrand } from "./layout.tsx";

export interface SignUpEmailProps {
  brand: EmailBrand;
  link: string;
  /** The origin the link points to, shown in the footer. */
  appHost: string;
  /** "Friday, January 9, 2026 at 10:00 AM UTC" */
  expiresAt: string;
  /** "in 1 hour", "in 45 minutes" */
  expiresIn: string;
  /** Set when the address is joining through a shareable invitation link: as what, and who shared it. */
  join?: { role: "ADMIN" | "MEMBER"; inviterName: string | null } | null;
}

const ROLE_LABEL = { ADMIN: "an Admin", MEMBER: "a Member" } as const;

export const signUpSubject = (brand: EmailBrand) => `Confirm your email to join ${brand.name}`;

/** The link that proves the address before any account exists for it. */
export function SignUpEmail(props: SignUpEmailProps) {
  const { join } = props;
  return (
    <EmailLayout
      brand={props.brand}
      preview={`Confirm your email to create your account on ${props.brand.name}. The link expires ${props.expiresIn}.`}
      footer={[
        "If you didn’t ask to sign up, ignore this email: no account is created without this link.",
        `Sent by ${props.brand.name} at ${props.appHost}.`,
      ]}
    >
      <Heading as="h1" style={styles.h1}>
        Confirm your email
      </Heading>
      {join ? (
        <Text style={styles.lead}>
          Someone asked to join {props.brand.name} as {ROLE_LABEL[join.role]} with this email address, through an invitation
          link{join.inviterName ? ` shared by ${join.inviterName}` : ""}. If it was you, open the link to choose your name and
          password.
        </Text>
      ) : (
        <Text style={styles.lead}>
          Someone asked to create an account on {props.brand.name} with this email address. If it was you, open the link to
          choose your name and password.
        </Text>
      )}
      <ActionLink brand={props.brand} href={props.link} label="Create my account" expiresAt={props.expiresAt} expiresIn={props.expiresIn} />
    </EmailLayout>
  );
}
