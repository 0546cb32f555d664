import { describe, expect, it } from "vitest";
import { contrastRatio } from "@invite/schemas";
import { renderEmail } from "../src/mail/index.ts";

const now = new Date("2026-01-05T10:00:00Z");
const TOKEN = "abcdefghijklmnopqrstuvwxyz234567";
const appUrl = "https://app.example.com";
const invitation = {
  inviterName: "Ada Lovelace",
  inviterEmail: "ada@example.com",
  role: "ADMIN",
  message: "Welcome aboard",
  expiresAt: "2026-01-07T10:00:00.000Z",
  appUrl,
};
const acme = { workspaceName: "Acme", accentColor: "#0f766e", logoUrl: "/branding/logo?v=0123456789abcdef" };

/** The inline style of the email's button (react-email's Button renders an <a> with it). */
function buttonStyle(html: string): string {
  return /<a href="https:\/\/app\.example\.com\/invite\/[^"]+"[^>]*style="([^"]*)"/.exec(html)?.[1] ?? "";
}

describe("emails carry the workspace's branding", () => {
  it("without branding, today's email: the product's name, its blue, its letter mark", async () => {
    const unbranded = await renderEmail("invitation", invitation, TOKEN, now);
    const none = await renderEmail("invitation", invitation, TOKEN, now, { workspaceName: null, accentColor: null, logoUrl: null });
    expect(none).toEqual(unbranded);
    expect(unbranded.subject).toBe("Ada Lovelace invited you to join Invitations");
    expect(buttonStyle(unbranded.html)).toContain("background-color:#2759d6");
    expect(unbranded.html).not.toContain("<img");
  });

  it("names the workspace in the subject and the sentence, shows its logo, and paints its colour", async () => {
    const email = await renderEmail("invitation", invitation, TOKEN, now, acme);
    expect(email.subject).toBe("Ada Lovelace invited you to join Acme");
    expect(email.text).toContain("invited you to join Acme as an Admin");
    expect(email.text).not.toContain("Invitations");
    // The logo from our origin, absolute (mail clients drop data: URIs).
    expect(email.html).toContain('src="https://app.example.com/branding/logo?v=0123456789abcdef"');
    expect(buttonStyle(email.html)).toContain("background-color:#0f766e");
    expect(buttonStyle(email.html)).toContain("color:#ffffff");
    expect(email.html).toContain("border-left:3px solid #0f766e");
  });

  it("a light accent gets black button text and links dark enough to read (WCAG AA)", async () => {
    const email = await renderEmail("invitation", invitation, TOKEN, now, { ...acme, accentColor: "#facc15", logoUrl: null });
    const style = buttonStyle(email.html);
    expect(style).toContain("background-color:#facc15");
    expect(style).toContain("color:#000000");
    const linkColour = /<a href="https:\/\/app\.example\.com\/invite\/[^"]+"[^>]*style="color:(#[0-9a-f]{6})/.exec(email.html)?.[1];
    expect(linkColour).toBeDefined();
    expect(contrastRatio(linkColour!, "#ffffff")).toBeGreaterThanOrEqual(4.5);
    // No logo: the letter mark in the accent, with its readable text colour.
    expect(email.html).toMatch(/background-color:#facc15;color:#000000[^>]*>A<\/div>/);
  });

  it("every email says whose it is", async () => {
    const reset = await renderEmail("passwordReset", { expiresAt: "2026-01-05T11:00:00.000Z", appUrl }, TOKEN, now, acme);
    expect(reset.subject).toBe("Reset your Acme password");
    const signUp = await renderEmail("signUp", { expiresAt: "2026-01-05T11:00:00.000Z", appUrl }, TOKEN, now, acme);
    expect(signUp.subject).toBe("Confirm your email to join Acme");
    expect(signUp.text).toContain("create an account on Acme");
    const exists = await renderEmail("accountExists", { appUrl }, null, now, acme);
    expect(exists.subject).toBe("You already have an account on Acme");
  });

  it("a workspace name is text, never markup", async () => {
    const email = await renderEmail("invitation", invitation, TOKEN, now, { ...acme, workspaceName: "<b>Acme</b> & Co" });
    expect(email.subject).toBe("Ada Lovelace invited you to join <b>Acme</b> & Co");
    expect(email.html).not.toContain("<b>Acme</b>");
    expect(email.html).toContain("&lt;b&gt;Acme&lt;/b&gt; &amp; Co");
  });
});
