import { Body, Button, Column, Container, Head, Hr, Html, Img, Link, Preview, Row, Section, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";
// JSX compiles to React.createElement where the automatic runtime is not configured.
import * as React from "react";
import type { EmailBrand } from "../brand.ts";

export { DEFAULT_EMAIL_BRAND, PRODUCT_NAME, type EmailBrand } from "../brand.ts";

/**
 * The frame every email shares: the brand line (the workspace's logo or letter mark and its
 * name), a white card holding `children`, and the quiet footer lines under it. Parts marked
 * data-skip-in-text stay out of the text part.
 */
export function EmailLayout({
  brand,
  preview,
  footer,
  children,
}: {
  brand: EmailBrand;
  preview: string;
  footer: ReactNode[];
  children: ReactNode;
}) {
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
      </Head>
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.outer}>
          <Section style={styles.brand} data-skip-in-text>
            <Row>
              <Column style={brand.logoUrl ? styles.logoCell : styles.markCell}>
                {brand.logoUrl ? (
                  <Img src={brand.logoUrl} alt="" height="32" style={styles.logo} />
                ) : (
                  <div style={{ ...styles.mark, backgroundColor: brand.accent, color: brand.onAccent }}>
                    {markLetter(brand.name)}
                  </div>
                )}
              </Column>
              <Column style={styles.brandName}>{brand.name}</Column>
            </Row>
          </Section>
          <Section style={styles.card}>{children}</Section>
          <Hr style={styles.hr} />
          {footer.map((line, index) => (
            <Text key={index} style={styles.footer}>
              {line}
            </Text>
          ))}
        </Container>
      </Body>
    </Html>
  );
}

/** The first letter of the name, as the product's own "I" is of "Invitations". */
function markLetter(name: string): string {
  return (Array.from(name.trim())[0] ?? "I").toUpperCase();
}

/** The button, the same link spelled out for clients that break buttons, and when it dies. */
export function ActionLink(props: { brand: EmailBrand; href: string; label: string; expiresAt: string; expiresIn: string }) {
  return (
    <>
      <Section style={styles.cta}>
        <Button href={props.href} style={{ ...styles.button, backgroundColor: props.brand.accent, color: props.brand.onAccent }}>
          {props.label}
        </Button>
      </Section>
      <Text style={styles.small} data-skip-in-text>
        Button not working? Paste this link into your browser:
      </Text>
      <Text style={styles.rawLink} data-skip-in-text>
        <Link href={props.href} style={{ ...styles.rawLinkAnchor, color: props.brand.link }}>
          {props.href}
        </Link>
      </Text>
      <Text style={styles.small}>
        The link works once and expires {props.expiresIn}, on {props.expiresAt}.
      </Text>
    </>
  );
}

const font =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Helvetica, Arial, sans-serif";
const ink = "#18181b";
const muted = "#71717a";
// The SPA's accent-600 (oklch(0.51 0.2 264)), so the email and the app look like one product;
// a workspace's accent colour replaces it where the brand is passed (brand.ts).
const accent = "#2759d6";

/** Shared by every email, so they look like one product. */
export const styles = {
  body: { backgroundColor: "#f4f4f5", fontFamily: font, margin: 0, padding: "32px 12px" },
  outer: { maxWidth: "560px", margin: "0 auto" },
  brand: { padding: "0 8px 20px" },
  markCell: { width: "40px", verticalAlign: "middle" },
  logoCell: { width: "1%", paddingRight: "10px", verticalAlign: "middle" },
  logo: { display: "block", height: "32px", width: "auto", maxWidth: "160px", border: 0 },
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
    backgroundColor: "#f0f5ff", // accent-50
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
