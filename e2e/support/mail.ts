/**
 * The loopback port of the mail server e2e/notifications.spec.ts starts; the e2e server's SMTP_URL points
 * there (playwright.config.ts). Derived from the run's port, so parallel runs on other ports do not meet.
 */
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 20_000);
