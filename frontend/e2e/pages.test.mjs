// Pages around the accounts: an invitation reached with the skip links
// from the keyboard alone, the terms of use it links to, and the page of an
// address that leads nowhere.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startAll, acceptInvitation, apiPost, createPlatformAdmin, linkTo } from "./support/people.mjs";
import { checkAccessibility, newPage, screenshot, skipLinksReady } from "./support/browser.mjs";

const ORG_ADMIN = "dominique.bernard@relais.test";
const SEEKER = "sacha.petit@relais.test";

let smtp, app, browser, stop, admin, org;

before(async () => {
  ({ smtp, app, browser, stop } = await startAll());
  const platform = await newPage(browser, app.url);
  await createPlatformAdmin(app, smtp, platform, { email: "camille.martin@relais.test", name: "Camille Martin", password: "Cerisier-Lune-Falaise-42" });
  org = await apiPost(app, platform, "/api/v1/orgs", { name: "Mission locale de Metz", kind: "mission_locale", departments: ["57"] });
  await apiPost(app, platform, `/api/v1/orgs/${org.id}/invitations`, { email: ORG_ADMIN, role: "org_admin" });
  await smtp.waitFor(ORG_ADMIN);
  admin = await newPage(browser, app.url);
  await acceptInvitation(app, smtp, admin, ORG_ADMIN, { name: "Dominique Bernard", password: "Tilleul-Orage-Caravelle-31" });
  await platform.context().close();
});

after(() => stop?.());

test("the skip link of an invitation leaves its token alone, and the seeker joins from the keyboard", async () => {
  await apiPost(app, admin, `/api/v1/orgs/${org.id}/invitations`, { email: SEEKER, role: "seeker" });
  const page = await newPage(browser, app.url);
  await page.goto(linkTo(app, await smtp.waitFor(SEEKER), "/invitation"));
  await page.getByText("en tant que personne accompagnée", { exact: false }).waitFor();
  assert.equal(new URL(page.url()).hash, "", "the token left the address");

  // From the top of the page, the first Tab reaches "Contenu"; Enter
  // follows it to the page's content.
  await skipLinksReady(page);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Contenu");
  await page.keyboard.press("Enter");
  await page.waitForURL(/#contenu$/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "contenu", "the content has the focus");
  // Still the same invitation, with its form: "contenu" was not taken
  // for a token.
  await page.getByText("Mission locale de Metz vous invite à rejoindre Relais", { exact: false }).waitFor();
  await page.getByText(`Invitation envoyée à ${SEEKER}`, { exact: false }).waitFor();
  assert.equal(await page.getByRole("alert").count(), 0, "no error about the link");
  await checkAccessibility(page, "the invitation after the skip link");

  // The rest with the keyboard: the name, then the two boxes, then the
  // button. The invitation's real token is the one accepted.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "invitation-name");
  await page.keyboard.type("Sacha Petit");
  await page.focus(`input[name="invitation-terms"]`);
  await page.keyboard.press("Space");
  await page.focus(`input[name="invitation-consent"]`);
  await page.keyboard.press("Space");
  await page.getByRole("button", { name: "Accepter l’invitation" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: "Bonjour Sacha Petit" }).waitFor();
  assert.deepEqual(page.problems, []);
});

test("the invitation's terms box links to the terms of use, which open in a new window", async () => {
  const email = "lou.martin@relais.test";
  await apiPost(app, admin, `/api/v1/orgs/${org.id}/invitations`, { email, role: "seeker" });
  const page = await newPage(browser, app.url);
  await page.goto(linkTo(app, await smtp.waitFor(email), "/invitation"));
  const link = page.getByRole("link", { name: "conditions d’utilisation de Relais" });
  await link.waitFor();
  assert.equal(await link.getAttribute("target"), "_blank");
  assert.equal(await link.getAttribute("title"), "conditions d’utilisation de Relais - nouvelle fenêtre");
  // The new window's script errors count as the page's.
  page.context().on("page", (opened) => opened.on("pageerror", (error) => page.problems.push(`terms: ${error.message}`)));
  const [terms] = await Promise.all([page.context().waitForEvent("page"), link.click()]);
  await terms.getByRole("heading", { level: 1, name: "Conditions d’utilisation de Relais" }).waitFor();
  assert.equal(new URL(terms.url()).pathname, "/conditions-d-utilisation");
  assert.equal(await terms.title(), "Conditions d’utilisation — Relais");
  for (const heading of ["Ce que Relais enregistre", "Qui voit votre avancement", "Comment arrêter"]) {
    await terms.getByRole("heading", { level: 2, name: heading }).waitFor();
  }
  await checkAccessibility(terms, "the terms of use");
  await screenshot(terms, "pages-1-terms");
  // The invitation is still there, its box not ticked by the link.
  await page.getByText("en tant que personne accompagnée", { exact: false }).waitFor();
  assert.equal(await page.getByRole("checkbox", { name: /J’accepte les conditions d’utilisation/ }).isChecked(), false);

  // In English too.
  const english = await newPage(browser, app.url);
  await english.addInitScript(() => window.localStorage.setItem("relais.lang", "en"));
  await english.goto(app.url + "/conditions-d-utilisation");
  await english.getByRole("heading", { level: 1, name: "Terms of use of Relais" }).waitFor();
  await checkAccessibility(english, "the terms of use in English");
  for (const p of [page, english]) assert.deepEqual(p.problems, []);
});

test("an address that leads nowhere says so, and is accessible", async () => {
  const page = await newPage(browser, app.url);
  await page.goto(app.url + "/nulle-part/ici");
  await page.getByRole("heading", { level: 1, name: "Page introuvable" }).waitFor();
  assert.equal(await page.title(), "Page introuvable — Relais");
  await page.getByRole("link", { name: "Retour à la recherche" }).waitFor();
  await checkAccessibility(page, "the not-found page");
  await screenshot(page, "pages-2-not-found");
  assert.deepEqual(page.problems, []);
});
