import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, type APIRequestContext } from '@playwright/test';

// The e2e server writes mail to this file mailbox (MAIL_DIR in ./dev test, sent every second).
export const MAILBOX = process.env.MAIL_DIR ?? path.join(__dirname, '..', '..', 'target', 'e2e', 'mail');

/** Quoted-printable soft breaks and escapes undone (enough to read links). */
function decodeQuotedPrintable(s: string): string {
  const joined = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Waits for a mail to `to` whose raw text contains `marker`; returns its decoded text. */
export async function mailTo(to: string, marker: string, timeoutMs = 45_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(MAILBOX)) {
      for (const name of fs.readdirSync(MAILBOX).filter((n) => n.endsWith('.eml'))) {
        const raw = fs.readFileSync(path.join(MAILBOX, name), 'utf8');
        if (raw.includes(`To: ${to}`) && raw.includes(marker)) return decodeQuotedPrintable(raw);
      }
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`no mail containing ${marker} for ${to} in ${MAILBOX}`);
}

/** The path (with its token) of the sign-up link mailed to `to`. */
export async function signupLink(to: string): Promise<string> {
  const mail = await mailTo(to, 'account/confirm');
  const m = mail.match(/\/account\/confirm\?token=[0-9a-f]{64}/);
  if (!m) throw new Error(`no sign-up link in the mail to ${to}`);
  return m[0];
}

/** Registers `email` through the JSON API and uses the mailed link: signed in afterwards. */
export async function registerByApi(request: APIRequestContext, email: string, firstName?: string) {
  const data: Record<string, string> = { email, password: 'violet kettle 42' };
  if (firstName) data.first_name = firstName;
  expect((await request.post('/api/users/register', { data })).status()).toBe(202);
  const token = (await signupLink(email)).split('token=')[1];
  expect((await request.post('/api/users/confirm', { data: { token } })).status()).toBe(201);
}
