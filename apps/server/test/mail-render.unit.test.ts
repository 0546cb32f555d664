import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createMailTransport, DEV_MAILBOX_SIZE, EmailRenderError, exponentialBackoff, renderEmail } from "../src/mail/index.ts";

const now = new Date("2026-01-05T10:00:00Z");
const TOKEN = "abcdefghijklmnopqrstuvwxyz234567";

function payload(overrides: Record<string, unknown> = {}) {
  return {
    inviterName: "Alice Martin",
    inviterEmail: "alice@example.com",
    role: "MEMBER",
    message: null,
    expiresAt: "2026-01-07T10:00:00.000Z",
    appUrl: "https://app.example.com",
    ...overrides,
  };
}

describe("renderEmail", () => {
  it("renders the invitation: subject, both parts, link, expiry, footer", async () => {
    const email = await renderEmail("invitation", payload(), TOKEN, now);
    expect(email.subject).toBe("Alice Martin invited you to join Invitations");
    expect(email.link).toBe(`https://app.example.com/invite/${TOKEN}`);
    for (const part of [email.html, email.text]) {
      expect(part).toContain("alice@example.com");
      expect(part).toContain("Member");
      expect(part).toContain(email.link);
      expect(part).toContain("Wednesday, January 7, 2026 at 10:00 AM UTC");
      expect(part).toContain("in 48 hours");
      expect(part).toContain("If you weren’t expecting this, you can ignore this email.");
    }
    expect(email.html).toMatch(/^<!DOCTYPE html/);
    expect(email.html).not.toMatch(/<img|https?:\/\/(?!app\.example\.com)[^"]*\.(png|jpe?g|gif|svg)/);
    expect(email.text).not.toContain("<");
  });

  it("renders the password reset: subject, both parts, link, one-hour expiry; refuses a dead link", async () => {
    const reset = { expiresAt: "2026-01-05T11:00:00.000Z", appUrl: "https://app.example.com/" };
    const email = await renderEmail("passwordReset", reset, TOKEN, now);
    expect(email.subject).toBe("Reset your Invitations password");
    expect(email.link).toBe(`https://app.example.com/reset-password/${TOKEN}`);
    for (const part of [email.html, email.text]) {
      expect(part).toContain(email.link);
      expect(part).toContain("in 1 hour");
      expect(part).toContain("your password stays as it is");
    }
    expect(email.text).not.toContain("<");
    await expect(renderEmail("passwordReset", reset, TOKEN, new Date("2026-01-05T11:00:00Z"))).rejects.toBeInstanceOf(
      EmailRenderError,
    );
    await expect(renderEmail("passwordReset", reset, null, now)).rejects.toBeInstanceOf(EmailRenderError);
  });

  it("renders the sign-up link: subject, both parts, the /sign-up/ link, one-hour expiry; refuses a dead link", async () => {
    const signUp = { expiresAt: "2026-01-05T11:00:00.000Z", appUrl: "https://app.example.com/" };
    const email = await renderEmail("signUp", signUp, TOKEN, now);
    expect(email.subject).toBe("Confirm your email to join Invitations");
    expect(email.link).toBe(`https://app.example.com/sign-up/${TOKEN}`);
    expect(email.privateLink).toBeUndefined(); // it opens no existing account
    for (const part of [email.html, email.text]) {
      expect(part).toContain(email.link);
      expect(part).toContain("in 1 hour");
      expect(part).toContain("no account is created without this link");
    }
    await expect(renderEmail("signUp", signUp, TOKEN, new Date("2026-01-05T11:00:00Z"))).rejects.toBeInstanceOf(EmailRenderError);
    await expect(renderEmail("signUp", signUp, null, now)).rejects.toBeInstanceOf(EmailRenderError);
  });

  it("a proof sent by a shareable invitation link says what it joins as and who shared it, in one line", async () => {
    const join = { expiresAt: "2026-01-05T11:00:00.000Z", appUrl: "https://app.example.com", join: { role: "ADMIN", inviterName: "Ada\r\nBcc: x@evil.example" } };
    const email = await renderEmail("signUp", join, TOKEN, now);
    expect(email.link).toBe(`https://app.example.com/sign-up/${TOKEN}`);
    expect(email.text).toContain("join Invitations as an Admin with this email address, through an invitation link shared by Ada Bcc: x@evil.example.");
    await expect(renderEmail("signUp", { ...join, join: { role: "OWNER", inviterName: null } }, TOKEN, now)).rejects.toBeInstanceOf(EmailRenderError);
  });

  it("renders the account-exists notice with the ways in and no token", async () => {
    const email = await renderEmail("accountExists", { appUrl: "https://app.example.com" }, null, now);
    expect(email.subject).toBe("You already have an account on Invitations");
    expect(email.link).toBeNull();
    expect(email.html).toContain('href="https://app.example.com/sign-in"');
    expect(email.html).toContain('href="https://app.example.com/forgot-password"');
    expect(email.text).toContain("nothing new was created");
  });

  it("leaves the message block out when there is no message", async () => {
    const without = await renderEmail("invitation", payload(), TOKEN, now);
    const withMessage = await renderEmail("invitation", payload({ message: "See you there" }), TOKEN, now);
    expect(without.text).not.toContain("“");
    expect(withMessage.text).toContain("“See you there”");
    expect(withMessage.text).toContain("— Alice Martin");
  });

  it("greets the invitee by the name the inviter gave, and without one is the email it always was", async () => {
    const named = await renderEmail("invitation", payload({ inviteeName: "Grace Hopper" }), TOKEN, now);
    for (const part of [named.html, named.text]) expect(part).toContain("Hi Grace Hopper,");
    expect(named.text.indexOf("Hi Grace Hopper,")).toBeLessThan(named.text.indexOf("Alice Martin"));
    expect(named.subject).toBe("Alice Martin invited you to join Invitations");
    const without = await renderEmail("invitation", payload(), TOKEN, now);
    expect(without.text).not.toContain("Hi ");
    // A name that is only blanks (none a valid one is) changes nothing either.
    for (const inviteeName of ["", "  \n "]) {
      expect(await renderEmail("invitation", payload({ inviteeName }), TOKEN, now)).toEqual(without);
    }
    const hostile = await renderEmail("invitation", payload({ inviteeName: "<b>Eve</b>\r\nBcc: x" }), TOKEN, now);
    expect(hostile.html).toContain("Hi &lt;b&gt;Eve&lt;/b&gt; Bcc: x,");
    expect(hostile.html).not.toContain("<b>Eve");
  });

  it("escapes what the inviter typed and keeps the subject on one line", async () => {
    const email = await renderEmail(
      "invitation",
      payload({ inviterName: "Eve <script>\r\nBcc: x@evil.example", message: '<a href="https://evil.example">x</a>' }),
      TOKEN,
      now,
    );
    expect(email.subject).toBe("Eve <script> Bcc: x@evil.example invited you to join Invitations");
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain('href="https://evil.example"');
    expect(email.html).toContain("&lt;a href=&quot;https://evil.example&quot;&gt;");
  });

  it("says when the link expires in words people use", async () => {
    const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
    const expiresIn = async (ms: number) => (await renderEmail("invitation", payload({ expiresAt: at(ms) }), TOKEN, now)).text;
    expect(await expiresIn(30 * 60_000)).toContain("in 30 minutes");
    expect(await expiresIn(3_600_000)).toContain("in 1 hour");
    expect(await expiresIn(24 * 3_600_000)).toContain("in 24 hours");
    expect(await expiresIn(7 * 24 * 3_600_000)).toContain("in 7 days");
  });

  it("refuses what it cannot render", async () => {
    await expect(renderEmail("newsletter", payload(), TOKEN, now)).rejects.toThrow(EmailRenderError);
    await expect(renderEmail("newsletter", payload(), TOKEN, now)).rejects.toThrow('Unknown email template "newsletter".');
    await expect(renderEmail("invitation", payload(), null, now)).rejects.toThrow(EmailRenderError);
    await expect(renderEmail("invitation", { inviterName: "x" }, TOKEN, now)).rejects.toThrow(EmailRenderError);
    await expect(
      renderEmail("invitation", payload({ expiresAt: "2026-01-05T09:59:59.000Z" }), TOKEN, now),
    ).rejects.toThrow("expired");
  });
});

describe("exponentialBackoff", () => {
  it("doubles from 30 s, with ±20% jitter, never above an hour", () => {
    expect(exponentialBackoff(1, () => 0.5)).toBe(30_000);
    expect(exponentialBackoff(2, () => 0.5)).toBe(60_000);
    expect(exponentialBackoff(5, () => 0.5)).toBe(480_000);
    expect(exponentialBackoff(1, () => 0)).toBe(24_000);
    expect(exponentialBackoff(1, () => 1)).toBe(36_000);
    expect(exponentialBackoff(8, () => 0.5)).toBe(3_600_000);
    expect(exponentialBackoff(30, () => 0)).toBe(2_880_000);
    expect(exponentialBackoff(30, () => 1)).toBe(3_600_000);
  });
});

describe("dev mailbox", () => {
  it("keeps the last 200 messages, newest first", async () => {
    const dev = createMailTransport({ from: "x <x@example.com>", logger: pino({ level: "silent" }) });
    if (dev.kind !== "dev") throw new Error("expected the dev transport");
    for (let i = 0; i < 205; i++) {
      await dev.send({ to: `p${i}@example.com`, subject: `#${i}`, html: "<p>hi</p>", text: "hi", link: `https://x/${i}` });
    }
    const list = dev.list();
    expect(list).toHaveLength(DEV_MAILBOX_SIZE);
    expect(list[0]).toMatchObject({ to: "p204@example.com", subject: "#204", link: "https://x/204" });
    expect(list.at(-1)).toMatchObject({ to: "p5@example.com" });
    expect(new Set(list.map((m) => m.id)).size).toBe(DEV_MAILBOX_SIZE);
  });
});
