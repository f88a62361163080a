import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { sendJson, sendRaw } from '../http.ts';

/**
 * The local mail catcher (the CLI runs Mailpit on 54324). Auth hands mails to it in-process; tests
 * and developers read them through a Mailpit-compatible subset of its HTTP API:
 *   GET    /api/v1/messages            newest first, {total, count, messages: [summary]}
 *   GET    /api/v1/search?query=to:x   same shape, filtered by recipient
 *   GET    /api/v1/message/{id}        the whole mail, with Text and HTML bodies
 *   DELETE /api/v1/messages            delete all
 */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

interface StoredMail extends Mail {
  id: string;
  created: string;
}

const FROM = { Name: 'Supabase Auth', Address: 'admin@email.com' };
const MAX_MAILS = 1000;

export class MailCatcher {
  private mails: StoredMail[] = [];
  private server?: http.Server;

  send(mail: Mail): void {
    this.mails.unshift({ ...mail, id: randomUUID(), created: new Date().toISOString() });
    if (this.mails.length > MAX_MAILS) this.mails.pop();
  }

  private summary(m: StoredMail) {
    return {
      ID: m.id,
      MessageID: m.id,
      From: FROM,
      To: [{ Name: '', Address: m.to }],
      Subject: m.subject,
      Created: m.created,
      Snippet: m.text.slice(0, 250),
      Read: false,
    };
  }

  listen(port: number, host: string): Promise<void> {
    this.server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const p = url.pathname;
      res.setHeader('access-control-allow-origin', '*');
      if (req.method === 'GET' && (p === '/api/v1/messages' || p === '/api/v1/search')) {
        const q = url.searchParams.get('query') ?? '';
        const to = /to:"?([^"\s]+)"?/i.exec(q)?.[1]?.toLowerCase();
        const list = this.mails.filter((m) => !to || m.to.toLowerCase() === to);
        return sendJson(res, 200, {
          total: list.length,
          count: list.length,
          messages: list.map((m) => this.summary(m)),
        });
      }
      const one = /^\/api\/v1\/message\/([^/]+)$/.exec(p);
      if (req.method === 'GET' && one) {
        const m = one[1] === 'latest' ? this.mails[0] : this.mails.find((x) => x.id === one[1]);
        if (!m) return sendJson(res, 404, { message: 'message not found' });
        return sendJson(res, 200, { ...this.summary(m), Text: m.text, HTML: m.html, Date: m.created });
      }
      if (req.method === 'DELETE' && p === '/api/v1/messages') {
        this.mails = [];
        return sendRaw(res, 200, 'ok', { 'content-type': 'text/plain' });
      }
      if (req.method === 'GET' && p === '/') {
        const rows = this.mails
          .map(
            (m) =>
              `<tr><td>${esc(m.created)}</td><td>${esc(m.to)}</td><td><details><summary>${esc(m.subject)}</summary><pre>${esc(m.text)}</pre></details></td></tr>`,
          )
          .join('');
        return sendRaw(
          res,
          200,
          `<!doctype html><meta charset="utf-8"><title>devstack mail</title><h1>devstack mail (${this.mails.length})</h1><table>${rows}</table>`,
          { 'content-type': 'text/html; charset=utf-8' },
        );
      }
      sendJson(res, 404, { message: 'not found' });
    });
    return new Promise((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, host, () => resolve());
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
