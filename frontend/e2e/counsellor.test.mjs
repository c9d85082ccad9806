// What a counsellor reaches of the organisation's pages: the caseload and
// the exports, with the menu saying so; the org admins' pages send them
// back to their space.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { startAll, acceptInvitation, apiPost, createPlatformAdmin } from "./support/people.mjs";
import { checkAccessibility, newPage, screenshot } from "./support/browser.mjs";

let smtp, app, browser, stop, org, counsellor;

before(async () => {
  ({ smtp, app, browser, stop } = await startAll());
  const platform = await newPage(browser, app.url);
  await createPlatformAdmin(app, smtp, platform, { email: "camille.martin@relais.test", name: "Camille Martin", password: "Cerisier-Lune-Falaise-42" });
  org = await apiPost(app, platform, "/api/v1/orgs", { name: "Association Tremplin", kind: "association", departments: ["57"] });
  await apiPost(app, platform, `/api/v1/orgs/${org.id}/invitations`, { email: "alex.moreau@relais.test", role: "counsellor" });
  await smtp.waitFor("alex.moreau@relais.test");
  counsellor = await newPage(browser, app.url);
  await acceptInvitation(app, smtp, counsellor, "alex.moreau@relais.test", { name: "Alex Moreau", password: "Noisetier-Brume-Escalier-58" });
  await platform.context().close();
});

after(() => stop?.());

test("a counsellor reaches the caseload and the exports, not the org admins' pages", async () => {
  const page = counsellor;
  await page.goto(app.url + "/espace");
  assert.equal(await page.locator("header").getByRole("link", { name: "Administrer la structure" }).count(), 0);
  await page.getByRole("link", { name: "Les personnes que j’accompagne" }).click();
  await page.getByRole("heading", { level: 1, name: "Les personnes que vous accompagnez" }).waitFor();
  // Counsellors become the referent of whom they invite: no choice offered.
  await page.getByText("Inviter une personne à accompagner").click();
  await page.getByLabel("Adresse électronique de la personne").waitFor();
  assert.equal(await page.getByLabel("Référent ou référente").count(), 0);
  const menu = page.getByRole("navigation", { name: "Administration de la structure" });
  assert.deepEqual(await menu.getByRole("link").allTextContents(), ["Personnes accompagnées", "Exports"]);
  assert.equal(await menu.getByRole("link", { name: "Personnes accompagnées" }).getAttribute("aria-current"), "page");

  await menu.getByRole("link", { name: "Exports" }).click();
  await page.getByRole("heading", { level: 1, name: "Exports" }).waitFor();
  await checkAccessibility(page, "the exports page, for a counsellor");
  const link = page.getByRole("link", { name: /Les contacts avec les entreprises/ });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  assert.match(download.suggestedFilename(), /^relais-contacts-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.ok((await readFile(await download.path(), "utf8")).startsWith("\uFEFF"));
  await screenshot(page, "counsellor-1-exports");

  for (const path of ["membres", "reglages", "chiffres", "journal"]) {
    await page.goto(`${app.url}/structures/${org.id}/${path}`);
    await page.getByRole("heading", { level: 1, name: "Bonjour Alex Moreau" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/espace", `${path} sends a counsellor to their space`);
  }
  await page.goto(`${app.url}/administration/structures`);
  await page.getByRole("heading", { level: 1, name: "Bonjour Alex Moreau" }).waitFor();
  assert.deepEqual(page.problems, []);
});
