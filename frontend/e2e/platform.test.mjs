// The platform admin in the browser: creates an organisation (its wrong
// fields refused in words), invites its first org admin, renames and
// archives it, reads the platform's audit log and the emails sent.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startAll, apiGet, createPlatformAdmin, signIn } from "./support/people.mjs";
import { checkAccessibility, newPage, screenshot } from "./support/browser.mjs";

const PLATFORM = "camille.martin@relais.test";
const PASSWORD = "Cerisier-Lune-Falaise-42";

let smtp, app, browser, stop;

before(async () => {
  ({ smtp, app, browser, stop } = await startAll());
  const setup = await newPage(browser, app.url);
  await createPlatformAdmin(app, smtp, setup, { email: PLATFORM, name: "Camille Martin", password: PASSWORD });
  await setup.context().close();
});

after(() => stop?.());

test("the platform admin creates an organisation, invites its org admin, renames and archives it, and reads the log", async () => {
  const page = await newPage(browser, app.url);
  await signIn(app, page, PLATFORM, PASSWORD);
  await page.getByRole("heading", { level: 1, name: "Bonjour Camille Martin" }).waitFor();
  await page.locator("header").getByRole("link", { name: "Administration" }).click();
  await page.getByRole("heading", { level: 1, name: "Structures" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/administration/structures");
  assert.equal(await page.title(), "Structures — Relais");
  await page.getByText("Aucune structure pour le moment.").waitFor();
  await checkAccessibility(page, "the organisations page");

  // Each wrong field is refused under itself.
  const submit = page.getByRole("button", { name: "Créer la structure" });
  await submit.click();
  await page.getByText("Indiquez le nom de la structure (2 caractères au moins).").waitFor();
  await page.getByLabel("Nom de la structure").fill("Mission locale du Val de Fensch");
  await page.getByLabel("Type de structure").selectOption("mission_locale");
  const siret = page.getByLabel("SIRET (facultatif)");
  await siret.fill("1234");
  await submit.click();
  await page.getByText("Ce SIRET n’est pas valide : il faut 14 chiffres.").waitFor();
  assert.equal(await siret.getAttribute("aria-invalid"), "true");
  assert.ok(await siret.evaluate((el) => el === document.activeElement), "the wrong field has the focus");
  await siret.fill("");
  const departments = page.getByLabel("Départements couverts");
  await departments.fill("57, 5X");
  await submit.click();
  await page.getByText("Un de ces départements n’existe pas", { exact: false }).waitFor();
  assert.equal(await departments.getAttribute("aria-invalid"), "true");
  await screenshot(page, "platform-1-create-error");
  await checkAccessibility(page, "the organisations page with an error");

  await departments.fill("57, 54");
  await submit.click();
  await page.getByText("La structure Mission locale du Val de Fensch est créée.", { exact: false }).waitFor();
  const [organisation] = (await apiGet(app, page, "/api/v1/orgs")).organisations;
  assert.deepEqual(
    [organisation.name, organisation.kind, organisation.departments, organisation.siret],
    ["Mission locale du Val de Fensch", "mission_locale", ["54", "57"], null],
  );
  const row = page.locator(`tr[data-organisation="${organisation.id}"]`);
  assert.deepEqual(
    await row.locator("th, td").evaluateAll((cells) => cells.slice(0, 5).map((cell) => cell.textContent)),
    ["Mission locale du Val de Fensch", "Mission locale", "54, 57", "—", "Ouverte"],
  );
  await screenshot(page, "platform-2-created");

  // Its first org admin, from its members page.
  await row.getByRole("link", { name: "Membres" }).click();
  await page.getByRole("heading", { level: 1, name: "Membres de la structure" }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/structures/${organisation.id}/membres`);
  await page.getByRole("navigation", { name: "vous êtes ici :" }).getByRole("link", { name: "Structures" }).waitFor({ state: "attached" });
  await page.getByLabel("Adresse électronique du nouveau membre").fill("dominique.bernard@relais.test");
  await page.getByLabel("Rôle", { exact: true }).selectOption("org_admin");
  await page.getByRole("button", { name: "Envoyer l’invitation" }).click();
  await page.getByText("Invitation envoyée à dominique.bernard@relais.test.").waitFor();
  await smtp.waitFor("dominique.bernard@relais.test");
  await checkAccessibility(page, "an organisation's members, for the platform admin");

  // Renamed from its settings page.
  await page.getByRole("navigation", { name: "Administration de la structure" }).getByRole("link", { name: "Réglages" }).click();
  const name = page.getByLabel("Nom de la structure");
  await name.fill("Mission locale du Nord mosellan");
  await page.getByRole("button", { name: "Renommer" }).click();
  await page.getByText("Nom enregistré.").waitFor();
  await page.getByText("Mission locale du Nord mosellan", { exact: true }).first().waitFor();
  assert.equal((await apiGet(app, page, `/api/v1/orgs/${organisation.id}`)).name, "Mission locale du Nord mosellan");
  await checkAccessibility(page, "the settings page, for the platform admin");
  await screenshot(page, "platform-3-settings");

  // Archived, once confirmed.
  await page.getByRole("button", { name: "Archiver la structure" }).click();
  const dialog = page.getByRole("dialog", { name: "Archiver Mission locale du Nord mosellan ?" });
  await dialog.waitFor();
  await page.waitForFunction(() => getComputedStyle(document.getElementById("organisation-archive")).opacity === "1");
  await checkAccessibility(page, "the archive dialog");
  await dialog.getByRole("button", { name: "Archiver la structure" }).click();
  await page.getByText("Mission locale du Nord mosellan est archivée.").waitFor();
  await page.getByText("Cette structure est archivée : ses membres n’y ont plus accès.").waitFor();
  assert.equal((await apiGet(app, page, `/api/v1/orgs/${organisation.id}`)).archived, true);

  // The platform's log: everything, each entry with its organisation.
  await page.goto(app.url + "/espace");
  await page.getByRole("link", { name: "Le journal de la plateforme" }).click();
  await page.getByRole("heading", { level: 1, name: "Journal de la plateforme" }).waitFor();
  assert.equal(await page.title(), "Journal de la plateforme — Relais");
  const log = (await apiGet(app, page, "/api/v1/audit")).events;
  const table = page.getByTestId("audit");
  await table.waitFor();
  assert.equal(await table.locator("tbody tr").count(), log.length);
  await page.getByLabel("Type d’action").selectOption("organisation_renamed");
  assert.equal(await table.locator("tbody tr").count(), 1);
  assert.match(
    await table.locator("tbody tr").textContent(),
    new RegExp(`Structure renommée.*Mission locale du Nord mosellan.*avant : Mission locale du Val de Fensch ; après : Mission locale du Nord mosellan`),
  );
  await checkAccessibility(page, "the platform's audit log");
  await screenshot(page, "platform-4-audit");
  assert.deepEqual(page.problems, []);
});

test("the platform admin sees the emails sent, by state", async () => {
  const page = await newPage(browser, app.url);
  await signIn(app, page, PLATFORM, PASSWORD);
  await page.getByRole("heading", { level: 1, name: "Bonjour Camille Martin" }).waitFor();
  await page.getByRole("link", { name: "Les e-mails envoyés par la plateforme" }).click();
  await page.getByRole("heading", { level: 1, name: "E-mails envoyés" }).waitFor();
  assert.equal(await page.title(), "E-mails envoyés — Relais");
  const table = page.getByTestId("outbox");
  await table.waitFor();
  const sent = await apiGet(app, page, "/api/v1/outbox");
  assert.equal(await table.locator("tbody tr").count(), sent.length);
  const invitation = table.locator("tr", { has: page.getByRole("rowheader", { name: "dominique.bernard@relais.test" }) });
  assert.match(await invitation.textContent(), /Invitation.*Envoyé/);
  await checkAccessibility(page, "the outbox");
  await page.getByLabel("État", { exact: true }).selectOption("failed");
  await page.getByText("Aucun e-mail dans cet état.").waitFor();
  await screenshot(page, "platform-5-outbox");
  assert.deepEqual(page.problems, []);
});

test("the platform admin reads the data imports and downloads a report", async () => {
  const page = await newPage(browser, app.url);
  await signIn(app, page, PLATFORM, PASSWORD);
  await page.getByRole("heading", { level: 1, name: "Bonjour Camille Martin" }).waitFor();
  await page.getByRole("link", { name: "Les imports de données" }).click();
  await page.getByRole("heading", { level: 1, name: "Imports de données" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/administration/imports");
  assert.equal(await page.title(), "Imports de données — Relais");
  const table = page.getByTestId("imports");
  await table.waitFor();
  const runs = await apiGet(app, page, "/api/v1/imports");
  assert.equal(await table.locator("tbody tr").count(), runs.length);
  const establishments = runs.find((run) => run.kind === "establishments");
  const row = table.locator(`tr[data-run="${establishments.id}"]`);
  assert.match(await row.textContent(), /Établissements.*Réussi/);
  await checkAccessibility(page, "the imports");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    row.getByRole("link", { name: `Télécharger le rapport de l’import n° ${establishments.id}` }).click(),
  ]);
  const report = await (await import("node:fs/promises")).readFile(await download.path(), "utf8");
  assert.match(report, /^file;line;field;value;reason;outcome/);
  assert.match(report, /0000Z/);
  await screenshot(page, "platform-6-imports");
  assert.deepEqual(page.problems, []);
});

test("the platform admin hides a company, which leaves the public search, then removes the correction", async () => {
  const SIRET = "49513624400011";
  const inSearch = async () => {
    const response = await fetch(`${app.url}/api/v1/companies?rome=K2204&postcode=57000&limit=5`);
    return (await response.json()).companies.map((company) => company.siret);
  };
  assert.ok((await inSearch()).includes(SIRET));

  const page = await newPage(browser, app.url);
  await signIn(app, page, PLATFORM, PASSWORD);
  await page.getByRole("heading", { level: 1, name: "Bonjour Camille Martin" }).waitFor();
  await page.getByRole("link", { name: "Les corrections d’entreprises" }).click();
  await page.getByRole("heading", { level: 1, name: "Entreprises" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/administration/entreprises");
  assert.equal(await page.title(), "Entreprises — Relais");
  await page.getByLabel(/^SIRET/).fill("12");
  await page.getByRole("button", { name: "Afficher" }).click();
  await page.getByText("Ce SIRET n’est pas valide : il faut 14 chiffres.").waitFor();
  await page.getByLabel(/^SIRET/).fill(SIRET);
  await page.getByRole("button", { name: "Afficher" }).click();
  await page.getByRole("heading", { name: `Telle qu’importée (SIRET ${SIRET})` }).waitFor();
  await checkAccessibility(page, "a company to correct");

  await page.getByText("Masquer l’entreprise").click();
  await page.getByLabel(/^Téléphone/).fill("pas un numéro");
  await page.getByRole("button", { name: "Ajouter un métier" }).click();
  await page.getByLabel(/^Métier 1/).fill("Z9999");
  await page.getByRole("button", { name: "Enregistrer la correction" }).click();
  await page.getByText(/Ce numéro n’est pas valide/).waitFor();
  await page.getByText("Indiquez pourquoi l’entreprise est masquée.").waitFor();
  await page.getByText(/Ce code ROME n’est pas valide|Aucun métier n’a ce code ROME/).waitFor();
  await checkAccessibility(page, "a correction refused");
  assert.ok((await inSearch()).includes(SIRET), "nothing is stored when a field is refused");

  await page.getByLabel(/^Téléphone/).fill("03 87 12 34 56");
  await page.getByLabel(/^Raison du masquage/).fill("Établissement fermé");
  await page.getByRole("button", { name: "Retirer le métier 1" }).click();
  await page.getByRole("button", { name: "Enregistrer la correction" }).click();
  await page.getByText(/est enregistrée/).waitFor();
  await page.getByText("Masquée", { exact: true }).waitFor();
  assert.ok(!(await inSearch()).includes(SIRET), "a hidden company leaves the search");
  await screenshot(page, "platform-7-correction");

  await page.getByRole("button", { name: "Supprimer la correction" }).click();
  await page.getByText(/est supprimée/).waitFor();
  assert.ok((await inSearch()).includes(SIRET), "the company comes back");
  assert.deepEqual(page.problems, []);
});
