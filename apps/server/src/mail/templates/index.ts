// Everything React takes to render an email. render.ts loads this with the first email, not at
// start: React and react-email are about 30 MB of memory a server sending no mail never needs.
import { render, toPlainText } from "@react-email/render";
import { createElement, type ReactElement } from "react";
import { InvitationEmail, invitationSubject, type InvitationEmailProps } from "./invitation.tsx";
import {
  InvitationReminderEmail,
  invitationReminderSubject,
  type InvitationReminderEmailProps,
} from "./invitation-reminder.tsx";
import { PasswordResetEmail, passwordResetSubject, type PasswordResetEmailProps } from "./password-reset.tsx";
import { SignUpEmail, signUpSubject, type SignUpEmailProps } from "./sign-up.tsx";
import { AccountExistsEmail, accountExistsSubject, type AccountExistsEmailProps } from "./account-exists.tsx";

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

export async function renderInvitationEmail(props: InvitationEmailProps): Promise<EmailContent> {
  return withLink(props, (slotted) =>
    toHtmlAndText(createElement(InvitationEmail, slotted)).then((body) => ({ subject: invitationSubject(props.inviterName, props.brand), ...body })),
  );
}

export async function renderInvitationReminderEmail(props: InvitationReminderEmailProps): Promise<EmailContent> {
  return withLink(props, (slotted) =>
    toHtmlAndText(createElement(InvitationReminderEmail, slotted)).then((body) => ({
      subject: invitationReminderSubject(props.inviterName, props.brand, props.expiresIn),
      ...body,
    })),
  );
}

export async function renderPasswordResetEmail(props: PasswordResetEmailProps): Promise<EmailContent> {
  return withLink(props, (slotted) =>
    toHtmlAndText(createElement(PasswordResetEmail, slotted)).then((body) => ({ subject: passwordResetSubject(props.brand), ...body })),
  );
}

export async function renderSignUpEmail(props: SignUpEmailProps): Promise<EmailContent> {
  return withLink(props, (slotted) =>
    toHtmlAndText(createElement(SignUpEmail, slotted)).then((body) => ({ subject: signUpSubject(props.brand), ...body })),
  );
}

export async function renderAccountExistsEmail(props: AccountExistsEmailProps): Promise<EmailContent> {
  return { subject: accountExistsSubject(props.brand), ...(await toHtmlAndText(createElement(AccountExistsEmail, props))) };
}

/**
 * Rendering with React costs ~10 ms of CPU an email, and a bulk invitation sends thousands
 * that differ only in their link. So each email is rendered once with a stand-in link of the
 * same length (the text part wraps lines by length) and the real one is put in its place: the
 * token is base32, so no escaping in HTML or text changes it. Recent renders are kept.
 */
const rendered = new Map<string, Promise<EmailContent>>();
const RENDERS_KEPT = 64;

function withLink<P extends { link: string }>(props: P, render: (props: P) => Promise<EmailContent>): Promise<EmailContent> {
  const token = props.link.slice(props.link.lastIndexOf("/") + 1);
  if (!/^[a-z2-7]+$/.test(token)) return render(props);
  const slot = props.link.slice(0, -token.length) + "q".repeat(token.length);
  const key = JSON.stringify({ ...props, link: slot });
  let content = rendered.get(key);
  if (!content) {
    content = render({ ...props, link: slot });
    rendered.set(key, content);
    content.catch(() => rendered.delete(key));
    if (rendered.size > RENDERS_KEPT) rendered.delete(rendered.keys().next().value!);
  }
  return content.then(({ subject, html, text }) => ({
    subject,
    html: html.replaceAll(slot, props.link),
    text: text.replaceAll(slot, props.link),
  }));
}

/** The HTML, and the same email minus decoration as text (see data-skip-in-text in the templates). */
async function toHtmlAndText(element: ReactElement): Promise<{ html: string; text: string }> {
  const html = await render(element);
  const text = toPlainText(html, { selectors: [{ selector: "h1", options: { uppercase: false } }] });
  return { html, text };
}
