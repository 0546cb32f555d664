// Everything React takes to render an email. render.ts loads this with the first email, not at
// start: React and react-email are about 30 MB of memory a server sending no mail never needs.
import { render, toPlainText } from "@react-email/render";
import { createElement, type ReactElement } from "react";
import { InvitationEmail, invitationSubject, type InvitationEmailProps } from "./invitation.tsx";
import { PasswordResetEmail, passwordResetSubject, type PasswordResetEmailProps } from "./password-reset.tsx";

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

export async function renderInvitationEmail(props: InvitationEmailProps): Promise<EmailContent> {
  return { subject: invitationSubject(props.inviterName), ...(await toHtmlAndText(createElement(InvitationEmail, props))) };
}

export async function renderPasswordResetEmail(props: PasswordResetEmailProps): Promise<EmailContent> {
  return { subject: passwordResetSubject, ...(await toHtmlAndText(createElement(PasswordResetEmail, props))) };
}

/** The HTML, and the same email minus decoration as text (see data-skip-in-text in the templates). */
async function toHtmlAndText(element: ReactElement): Promise<{ html: string; text: string }> {
  const html = await render(element);
  const text = toPlainText(html, { selectors: [{ selector: "h1", options: { uppercase: false } }] });
  return { html, text };
}
