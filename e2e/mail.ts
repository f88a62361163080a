import { expect } from '@playwright/test';
import { E2E_MAIL_URL } from './stack';

/** A client for devstack's mail catcher (the Mailpit API subset on E2E_MAIL_PORT). */
export type Mail = { ID: string; Subject: string; Text: string; HTML: string; To: { Address: string }[] };

type Summary = { ID: string; Subject: string; Created: string };

export class MailCatcher {
  constructor(private readonly baseUrl = E2E_MAIL_URL) {}

  async list(to: string): Promise<Summary[]> {
    const res = await fetch(`${this.baseUrl}/api/v1/search?query=${encodeURIComponent(`to:${to}`)}`);
    if (!res.ok) throw new Error(`mail catcher answered ${res.status}`);
    return ((await res.json()) as { messages: Summary[] }).messages;
  }

  async get(id: string): Promise<Mail> {
    const res = await fetch(`${this.baseUrl}/api/v1/message/${encodeURIComponent(id)}`);
    if (!res.ok) throw new Error(`mail catcher answered ${res.status} for message ${id}`);
    return (await res.json()) as Mail;
  }

  /** Waits for the newest mail to `to` (optionally with a subject matching `subject`). */
  async waitForMail(to: string, { subject, timeout = 15_000 }: { subject?: RegExp; timeout?: number } = {}) {
    let found: Summary | undefined;
    await expect
      .poll(
        async () => {
          found = (await this.list(to)).find((m) => !subject || subject.test(m.Subject));
          return found?.ID;
        },
        { timeout, message: `no mail to ${to}${subject ? ` matching ${subject}` : ''}` },
      )
      .toBeTruthy();
    return this.get(found!.ID);
  }
}

/** The first http(s) link in a mail (text body first, then the HTML `href`s), entities decoded. */
export function firstLink(mail: Mail, filter: (url: string) => boolean = () => true): string {
  const candidates = [
    ...(mail.Text.match(/https?:\/\/[^\s"'<>)\]]+/g) ?? []),
    ...[...mail.HTML.matchAll(/href="([^"]+)"/g)].map((m) => m[1]),
  ].map((u) => u.replaceAll('&amp;', '&'));
  const link = candidates.find(filter);
  if (!link) throw new Error(`no link in mail "${mail.Subject}":\n${mail.Text || mail.HTML}`);
  return link;
}
