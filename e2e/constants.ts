/** The first admin, created at start from ADMIN_EMAIL / ADMIN_PASSWORD. */
export const ADMIN = { email: "admin@example.com", password: "e2e admin passphrase 2026" };
