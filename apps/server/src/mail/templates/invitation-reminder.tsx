import type { InvitationEmailPayload } from "@invite/api";
import { Heading, Text } from "@react-email/components";
// JSX compiles to React.createElement where the automatic runtime is not configured.
import * as React from "react";
import { ActionLink, EmailLayout, styles, type EmailBrand } from "./layout.tsx";

/** A short nudge before the invitation expires: the same link as the invitation email. */
export interface InvitationReminderEmailProps {
  brand: EmailBrand;
  inviterName: string;
  inviteeName: string | null;
  role: InvitationEmailPayload["role"];
  link: string;
  appHost: string;
  /** "Friday, January 9, 2026 at 10:00 AM UTC" */
  expiresAt: string;
  /** "in 24 hours" */
  expiresIn: string;
}

const ROLE_LABEL = { ADMIN: "Admin", MEMBER: "Member" } as const;

export function invitationReminderSubject(inviterName: string, brand: EmailBrand, expiresIn: string): string {
  return `Reminder: ${inviterName}’s invitation to ${brand.name} expires ${expiresIn}`;
}

export function InvitationReminderEmail(props: InvitationReminderEmailProps) {
  const role = ROLE_LABEL[props.role];
  const article = role === "Admin" ? "an" : "a";
  const { brand } = props;
  return (
    <EmailLayout
      brand={brand}
      preview={`Your invitation to join ${brand.name} expires ${props.expiresIn}.`}
      footer={[
        "If you don’t want to join, you can ignore this email; it is the only reminder.",
        `Sent by ${brand.name} at ${props.appHost} on behalf of ${props.inviterName}.`,
      ]}
    >
      <Heading as="h1" style={styles.h1}>
        Your invitation expires {props.expiresIn}
      </Heading>
      {props.inviteeName ? <Text style={styles.lead}>{`Hi ${props.inviteeName},`}</Text> : null}
      <Text style={styles.lead}>
        <strong style={styles.strong}>{props.inviterName}</strong> invited you to join{" "}
        {brand.named ? <strong style={styles.strong}>{brand.name}</strong> : null}
        {brand.named ? " " : ""}as {article} <strong style={styles.strong}>{role}</strong>, and the invitation is still
        waiting for you.
      </Text>
      <ActionLink brand={brand} href={props.link} label="Accept invitation" expiresAt={props.expiresAt} expiresIn={props.expiresIn} />
    </EmailLayout>
  );
}
