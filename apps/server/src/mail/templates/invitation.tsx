import type { InvitationEmailPayload } from "@invite/api";
import {
  Body,
  Button,
  Column,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Row,
  Section,
  Text,
} from "@react-email/components";
import type { CSSProperties } from "react";
// JSX compiles to React.createElement where the automatic runtime is not configured.
import * as React from "react";

export const PRODUCT_NAME = "Invitations";

export interface InvitationEmailProps {
  inviterName: string;
  inviterEmail: string;
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

export function invitationSubject(inviterName: string): string {
  return `${inviterName} invited you to join ${PRODUCT_NAME}`;
}

export function InvitationEmail(props: InvitationEmailProps) {
  const role = ROLE_LABEL[props.role];
  const article = role === "Admin" ? "an" : "a";
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
      </Head>
      <Preview>{`${props.inviterName} invited you to join ${PRODUCT_NAME} as ${article} ${role}. The link expires ${props.expiresIn}.`}</Preview>
      <Body style={styles.body}>
        <Container style={styles.outer}>
          <Section style={styles.brand} data-skip-in-text>
            <Row>
              <Column style={styles.markCell}>
                <div style={styles.mark}>I</div>
              </Column>
              <Column style={styles.brandName}>{PRODUCT_NAME}</Column>
            </Row>
          </Section>

          <Section style={styles.card}>
            <Heading as="h1" style={styles.h1}>
              You’re invited to join {PRODUCT_NAME}
            </Heading>
            <Text style={styles.lead}>
              <strong style={styles.strong}>{props.inviterName}</strong>{" "}
              (<Link href={`mailto:${props.inviterEmail}`} style={styles.mutedLink}>{props.inviterEmail}</Link>) invited
              you to join as {article} <strong style={styles.strong}>{role}</strong>.
            </Text>

            {props.message ? (
              <Section style={styles.quote}>
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

            <Section style={styles.cta}>
              <Button href={props.link} style={styles.button}>
                Accept invitation
              </Button>
            </Section>

            <Text style={styles.small} data-skip-in-text>
              Button not working? Paste this link into your browser:
            </Text>
            <Text style={styles.rawLink} data-skip-in-text>
              <Link href={props.link} style={styles.rawLinkAnchor}>
                {props.link}
              </Link>
            </Text>
            <Text style={styles.small}>
              The link works once and expires {props.expiresIn}, on {props.expiresAt}.
            </Text>
          </Section>

          <Hr style={styles.hr} />
          <Text style={styles.footer}>If you weren’t expecting this, you can ignore this email.</Text>
          <Text style={styles.footer}>
            Sent by {PRODUCT_NAME} at {props.appHost} on behalf of {props.inviterName}.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

const font =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Helvetica, Arial, sans-serif";
const ink = "#18181b";
const muted = "#71717a";
const accent = "#4f46e5";

const styles = {
  body: { backgroundColor: "#f4f4f5", fontFamily: font, margin: 0, padding: "32px 12px" },
  outer: { maxWidth: "560px", margin: "0 auto" },
  brand: { padding: "0 8px 20px" },
  markCell: { width: "40px", verticalAlign: "middle" },
  mark: {
    width: "32px",
    height: "32px",
    lineHeight: "32px",
    borderRadius: "8px",
    backgroundColor: accent,
    color: "#ffffff",
    fontSize: "18px",
    fontWeight: 700,
    textAlign: "center",
  },
  brandName: { fontSize: "17px", fontWeight: 600, color: ink, verticalAlign: "middle", letterSpacing: "-0.01em" },
  card: {
    backgroundColor: "#ffffff",
    border: "1px solid #e4e4e7",
    borderRadius: "12px",
    padding: "36px 32px",
  },
  h1: { fontSize: "24px", lineHeight: "32px", fontWeight: 700, color: ink, margin: "0 0 16px", letterSpacing: "-0.02em" },
  lead: { fontSize: "16px", lineHeight: "26px", color: "#3f3f46", margin: "0 0 24px" },
  strong: { color: ink, fontWeight: 600 },
  mutedLink: { color: muted, textDecoration: "underline" },
  muted: { color: muted },
  quote: {
    borderLeft: `3px solid ${accent}`,
    backgroundColor: "#f5f5ff",
    borderRadius: "0 8px 8px 0",
    padding: "14px 18px",
    margin: "0 0 24px",
  },
  quoteText: {
    fontSize: "15px",
    lineHeight: "24px",
    color: "#27272a",
    fontStyle: "italic",
    margin: 0,
    wordBreak: "break-word",
  },
  quoteBy: { fontSize: "13px", lineHeight: "20px", color: muted, margin: "8px 0 0" },
  details: {
    border: "1px solid #e4e4e7",
    borderRadius: "8px",
    padding: "6px 16px",
    margin: "0 0 28px",
  },
  detailLabel: {
    width: "96px",
    padding: "8px 0",
    fontSize: "13px",
    lineHeight: "20px",
    color: muted,
    verticalAlign: "top",
  },
  detailValue: { padding: "8px 0", fontSize: "14px", lineHeight: "20px", color: ink, verticalAlign: "top" },
  cta: { textAlign: "center", margin: "0 0 28px" },
  button: {
    backgroundColor: accent,
    borderRadius: "8px",
    color: "#ffffff",
    fontSize: "16px",
    fontWeight: 600,
    lineHeight: "24px",
    padding: "12px 28px",
    textDecoration: "none",
    display: "inline-block",
  },
  small: { fontSize: "13px", lineHeight: "20px", color: muted, margin: "0 0 6px" },
  rawLink: { fontSize: "13px", lineHeight: "20px", margin: "0 0 16px", wordBreak: "break-all" },
  rawLinkAnchor: { color: accent, textDecoration: "underline", wordBreak: "break-all" },
  hr: { borderColor: "#e4e4e7", margin: "28px 0 16px" },
  footer: { fontSize: "12px", lineHeight: "18px", color: muted, margin: "0 0 4px", textAlign: "center" },
} satisfies Record<string, CSSProperties>;
