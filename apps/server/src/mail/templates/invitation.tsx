import type { InvitationEmailPayload } from "@invite/api";
import { Column, Heading, Link, Row, Section, Text } from "@react-email/components";
// JSX compiles to React.createElement where the automatic runtime is not configured.
import * as React from "react";
import { ActionLink, EmailLayout, styles, type EmailBrand } from "./layout.tsx";

export interface InvitationEmailProps {
  brand: EmailBrand;
  inviterName: string;
  inviterEmail: string;
  /** The name the inviter gave the invitee: "Hi Ada," when there is one, nothing otherwise. */
  inviteeName: string | null;
  role: InvitationEmailPayload["role"];
  message: string | null;
  link: string;
  /** The origin the link points to, shown in the footer. */
  appHost: string;
  /** "Friday, January 9, 2026 at 10:00 AM UTC" */
  expiresAt: string;
  /** "in 48 hours", "in 7 days" */
  expiresIn: string;
}

const ROLE_LABEL = { ADMIN: "Admin", MEMBER: "Member" } as const;

export function invitationSubject(inviterName: string, brand: EmailBrand): string {
  return `${inviterName} invited you to join ${brand.name}`;
}

export function InvitationEmail(props: InvitationEmailProps) {
  const role = ROLE_LABEL[props.role];
  const article = role === "Admin" ? "an" : "a";
  const { brand } = props;
  return (
    <EmailLayout
      brand={brand}
      preview={`${props.inviterName} invited you to join ${brand.name} as ${article} ${role}. The link expires ${props.expiresIn}.`}
      footer={[
        "If you weren’t expecting this, you can ignore this email.",
        `Sent by ${brand.name} at ${props.appHost} on behalf of ${props.inviterName}.`,
      ]}
    >
      <Heading as="h1" style={styles.h1}>
        You’re invited to join {brand.name}
      </Heading>
      {props.inviteeName ? <Text style={styles.lead}>{`Hi ${props.inviteeName},`}</Text> : null}
      <Text style={styles.lead}>
        <strong style={styles.strong}>{props.inviterName}</strong>{" "}
        (<Link href={`mailto:${props.inviterEmail}`} style={styles.mutedLink}>{props.inviterEmail}</Link>) invited
        you to join {brand.named ? <strong style={styles.strong}>{brand.name}</strong> : null}
        {brand.named ? " " : ""}as {article} <strong style={styles.strong}>{role}</strong>.
      </Text>

      {props.message ? (
        <Section style={{ ...styles.quote, borderLeft: `3px solid ${brand.accent}`, backgroundColor: brand.tint }}>
          <Text style={styles.quoteText}>
            “
            {props.message.split(/\r?\n/).map((line, index) => (
              <React.Fragment key={index}>
                {index > 0 ? <br /> : null}
                {line}
              </React.Fragment>
            ))}
            ”
          </Text>
          <Text style={styles.quoteBy}>— {props.inviterName}</Text>
        </Section>
      ) : null}

      <Section style={styles.details} data-skip-in-text>
        <Row>
          <Column style={styles.detailLabel}>Role</Column>
          <Column style={styles.detailValue}>{role}</Column>
        </Row>
        <Row>
          <Column style={styles.detailLabel}>Invited by</Column>
          <Column style={styles.detailValue}>
            {props.inviterName} &lt;{props.inviterEmail}&gt;
          </Column>
        </Row>
        <Row>
          <Column style={styles.detailLabel}>Expires</Column>
          <Column style={styles.detailValue}>
            {props.expiresAt}
            <br />
            <span style={styles.muted}>{props.expiresIn}</span>
          </Column>
        </Row>
      </Section>

      <ActionLink brand={brand} href={props.link} label="Accept invitation" expiresAt={props.expiresAt} expiresIn={props.expiresIn} />
    </EmailLayout>
  );
}
