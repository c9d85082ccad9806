// The people of a browser test: the platform admin made with the app's
// task, staff and seekers who join by their emailed invitation, and the
// API calls a test makes with a page's session.
import assert from "node:assert/strict";
import { links, startSmtp } from "./smtp.mjs";
import { startApp } from "./app.mjs";
import { launch } from "./browser.mjs";

/** The app, with its emails going to a test SMTP server, and a browser;
 * `stop` ends the three. */
export async function startAll() {
  let app, browser;
  const smtp = await startSmtp();
  async function stop() {
    await browser?.close();
    await app?.stop();
    await smtp.close();
  }
  try {
    app = await startApp({ smtpPort: smtp.port });
    browser = await launch();
  } catch (err) {
    await stop();
    throw err;
  }
  return { smtp, app, browser, stop };
}

/** The one link of `message` into the interface at `path`. */
export function linkTo(app, message, path) {
  const found = links(message, `${app.url}${path}#`);
  assert.equal(found.length, 1, `one ${path} link in the email`);
  return found[0];
}

/** An API write made with the page's session, as the interface makes it. */
export async function apiWrite(app, page, method, path, body) {
  const me = await (await page.request.get(`${app.url}/api/v1/auth/me`)).json();
  const response = await page.request.fetch(`${app.url}${path}`, {
    method,
    data: body ?? {},
    headers: { "X-CSRF-Token": me.csrf_token },
  });
  assert.ok(response.ok(), `${method} ${path} answered ${response.status()}: ${await response.text()}`);
  return response.json();
}

export const apiPost = (app, page, path, body) => apiWrite(app, page, "POST", path, body);

/** An API read made with the page's session. */
export async function apiGet(app, page, path) {
  const response = await page.request.get(`${app.url}${path}`);
  assert.ok(response.ok(), `GET ${path} answered ${response.status()}: ${await response.text()}`);
  return response.json();
}

/** Signs in on the sign-in page with a password. */
export async function signIn(app, page, email, password) {
  await page.goto(app.url + "/connexion");
  await page.getByLabel("Adresse électronique").first().fill(email);
  await page.locator("#signin-password").fill(password);
  await page.getByRole("button", { name: "Se connecter", exact: true }).click();
}

/** The platform admin, created by the task, whose password is set from the
 * emailed link; `page` is signed in as them. */
export async function createPlatformAdmin(app, smtp, page, { email, name, password }) {
  await app.task("create_platform_admin", `email:${email}`, `name:${name}`);
  const token = new URL(linkTo(app, await smtp.waitFor(email), "/mot-de-passe")).hash.slice(1);
  const response = await page.request.post(`${app.url}/api/v1/auth/password/reset`, { data: { token, password } });
  assert.equal(response.status(), 200, await response.text());
}

/** Accepts the latest invitation emailed to `email` in `page`'s browser
 * context, as a new account (seekers accept the terms and consent). */
export async function acceptInvitation(app, smtp, page, email, body) {
  const sent = smtp.to(email);
  const token = new URL(linkTo(app, sent.at(-1), "/invitation")).hash.slice(1);
  const response = await page.request.post(`${app.url}/api/v1/invitations/${token}/accept`, { data: body });
  assert.equal(response.status(), 200, await response.text());
  return response.json();
}
