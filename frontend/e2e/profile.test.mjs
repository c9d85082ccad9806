// A seeker's search profile in the browser: the org admin fills it in
// with the three-step form from the seeker's page, then the seeker
// changes it from their own space and lands on the companies proposed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startAll, acceptInvitation, apiGet, apiPost, createPlatformAdmin } from "./support/people.mjs";
import { checkAccessibility, newPage, screenshot } from "./support/browser.mjs";

const ORG_ADMIN = "dominique.bernard@relais.test";
const SEEKER = "sacha.petit@relais.test";

let smtp, app, browser, stop, org, admin, seeker, seekerId;

before(async () => {
  ({ smtp, app, browser, stop } = await startAll());
  const platform = await newPage(browser, app.url);
  await createPlatformAdmin(app, smtp, platform, { email: "camille.martin@relais.test", name: "Camille Martin", password: "Cerisier-Lune-Falaise-42" });
  org = await apiPost(app, platform, "/api/v1/orgs", { name: "Mission locale de Metz", kind: "mission_locale", departments: ["57"] });
  await apiPost(app, platform, `/api/v1/orgs/${org.id}/invitations`, { email: ORG_ADMIN, role: "org_admin" });
  await smtp.waitFor(ORG_ADMIN);
  admin = await newPage(browser, app.url);
  await acceptInvitation(app, smtp, admin, ORG_ADMIN, { name: "Dominique Bernard", password: "Tilleul-Orage-Caravelle-31" });
  await apiPost(app, admin, `/api/v1/orgs/${org.id}/invitations`, { email: SEEKER, role: "seeker" });
  await smtp.waitFor(SEEKER);
  seeker = await newPage(browser, app.url, { viewport: { width: 390, height: 844 } });
  await acceptInvitation(app, smtp, seeker, SEEKER, { name: "Sacha Petit", accept_terms: true, consent: true });
  seekerId = (await apiGet(app, admin, `/api/v1/orgs/${org.id}/seekers`)).seekers[0].id;
  await platform.context().close();
});

after(() => stop?.());

test("the org admin fills in a seeker's profile in three steps", async () => {
  const page = admin;
  await page.goto(`${app.url}/structures/${org.id}/personnes/${seekerId}`);
  await page.getByRole("heading", { level: 1, name: "Sacha Petit" }).waitFor();
  await page.getByText("Profil à remplir.").waitFor();
  await page.getByRole("link", { name: "Remplir le profil de recherche" }).click();
  await page.getByRole("heading", { level: 1, name: "Profil de recherche" }).waitFor();
  assert.equal(await page.title(), "Profil de recherche — Relais");
  await page.getByText("Étape 1 sur 3").waitFor();
  await checkAccessibility(page, "the profile's first step");

  // No job yet: said under the field.
  await page.getByRole("button", { name: "Étape suivante" }).click();
  const job = page.getByRole("combobox", { name: /Ajouter un métier/ });
  await page.getByText("Ajoutez au moins un métier, choisi dans la liste des suggestions.").waitFor();
  assert.equal(await job.getAttribute("aria-invalid"), "true");
  await screenshot(page, "profile-1-no-job");

  // Two jobs, the first one with the keyboard alone.
  await job.fill("boulang");
  await page.getByRole("option").first().waitFor();
  const firstLabel = await page.getByRole("option").first().locator("span").first().textContent();
  await job.press("ArrowDown");
  await job.press("Enter");
  await page.getByRole("button", { name: `Retirer ${firstLabel}` }).waitFor();
  await job.fill("patiss");
  await page.getByRole("option").first().click();
  assert.equal(await page.getByRole("list", { name: "Métiers choisis" }).locator("li").count(), 2);
  await checkAccessibility(page, "the profile's first step with two jobs");
  await page.getByRole("button", { name: "Étape suivante" }).click();

  await page.getByText("Étape 2 sur 3").waitFor();
  const place = page.getByRole("combobox", { name: /Commune de départ/ });
  await place.fill("metz");
  await page.getByRole("option", { name: /^METZ/ }).first().click();
  const distance = page.getByLabel("Distance maximale (km)");
  await distance.fill("0");
  await page.getByRole("button", { name: "Étape suivante" }).click();
  await page.getByText("Indiquez une distance de 1 à 100 km.").waitFor();
  assert.equal(await distance.getAttribute("aria-invalid"), "true");
  await distance.fill("15");
  await page.getByText("Transports en commun").click();
  await checkAccessibility(page, "the profile's second step");
  await screenshot(page, "profile-2-place");
  await page.getByRole("button", { name: "Étape suivante" }).click();

  await page.getByText("Étape 3 sur 3").waitFor();
  await page.getByLabel("Taille d’entreprise souhaitée").selectOption("small");
  await page.getByLabel("Compétences (facultatif)").fill("Permis B\nTravail en équipe");
  await page.getByLabel("Souhaits (facultatif)").fill("Travailler le matin");
  await checkAccessibility(page, "the profile's third step");
  await page.getByRole("button", { name: "Enregistrer le profil" }).click();

  await page.getByText("Profil enregistré : les entreprises proposées sont mises à jour.").waitFor();
  assert.equal(new URL(page.url()).pathname, `/structures/${org.id}/personnes/${seekerId}`);
  const profile = await apiGet(app, page, `/api/v1/orgs/${org.id}/seekers/${seekerId}/profile`);
  assert.deepEqual(
    [profile.target_jobs.length, profile.target_jobs[0].label, profile.place.commune, profile.max_distance_km, profile.mobility],
    [2, firstLabel, "57463", 15, "public_transport"],
  );
  assert.deepEqual(
    [profile.headcount_min, profile.headcount_max, profile.skills, profile.aspirations],
    ["11", "12", ["Permis B", "Travail en équipe"], "Travailler le matin"],
  );
  await page.getByText(/^Recherche : .+, autour de METZ, à 15 km au plus\.$/).waitFor();
  await page.getByRole("link", { name: "Modifier le profil de recherche" }).waitFor();
  await checkAccessibility(page, "the seeker's page after the profile");
  await screenshot(page, "profile-3-saved");
  assert.deepEqual(page.problems, []);
});

test("the seeker changes their own profile on a phone and sees the companies proposed", async () => {
  const page = seeker;
  await page.goto(app.url + "/espace");
  await page.getByRole("link", { name: "Mon profil de recherche" }).click();
  await page.getByRole("heading", { level: 1, name: "Mon profil de recherche" }).waitFor();
  assert.equal(await page.title(), "Mon profil de recherche — Relais");
  // The org admin's choices are there, once read.
  await page.getByRole("list", { name: "Métiers choisis" }).waitFor();
  assert.equal(await page.getByRole("list", { name: "Métiers choisis" }).locator("li").count(), 2);
  await checkAccessibility(page, "the seeker's own profile on a phone");
  await page.getByRole("list", { name: "Métiers choisis" }).getByRole("button").last().click();
  assert.equal(await page.getByRole("list", { name: "Métiers choisis" }).locator("li").count(), 1);
  await page.getByRole("button", { name: "Étape suivante" }).click();
  await page.getByText("Étape 2 sur 3").waitFor();
  assert.equal(await page.getByLabel("Distance maximale (km)").inputValue(), "15");
  await page.getByText("Voiture ou deux-roues").click();
  await page.getByLabel("Distance maximale (km)").fill("10");
  await page.getByRole("button", { name: "Étape suivante" }).click();
  await page.getByText("Étape 3 sur 3").waitFor();
  await screenshot(page, "profile-4-phone");
  await page.getByRole("button", { name: "Enregistrer le profil" }).click();

  await page.getByRole("heading", { level: 1, name: "Les entreprises qui vous sont proposées" }).waitFor();
  await page.getByText("Votre profil est enregistré : voici les entreprises qui vous sont proposées.").waitFor();
  await page.locator("article.relais-company").first().waitFor();
  const me = await apiGet(app, page, "/api/v1/auth/me");
  const role = me.organisations.find((organisation) => organisation.role === "seeker");
  const profile = await apiGet(app, page, `/api/v1/orgs/${role.id}/seekers/${role.seeker_id}/profile`);
  assert.deepEqual([profile.target_jobs.length, profile.max_distance_km, profile.mobility], [1, 10, "car"]);
  await checkAccessibility(page, "the shortlist after the profile");
  assert.deepEqual(page.problems, []);
});

test("staff import a seeker's profile from a CSV file; a wrong cell is named by its row and column", async () => {
  const page = admin;
  const profilePath = `/api/v1/orgs/${org.id}/seekers/${seekerId}/profile`;
  await page.goto(`${app.url}/structures/${org.id}/personnes/${seekerId}/profil`);
  await page.getByRole("heading", { level: 2, name: "Importer un profil depuis un fichier" }).waitFor();
  const file = page.getByLabel("Fichier du profil");

  // A real one-row CSV (docs/profile.md): two jobs, a postcode, a decimal
  // comma, two skills.
  await file.setInputFiles({
    name: "profil.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("jobs;postcode;max_distance_km;mobility;skills\nD1102|K2204;57000;7,5;car;Permis B|Anglais courant\n"),
  });
  await page.getByRole("button", { name: "Importer le fichier" }).click();
  await page.getByText("Profil importé depuis profil.csv : les entreprises proposées sont mises à jour.").waitFor();
  const imported = await apiGet(app, page, profilePath);
  assert.deepEqual(
    [imported.target_jobs.map((job) => job.rome), imported.place.postcode, imported.max_distance_km, imported.skills],
    [["D1102", "K2204"], "57000", 7.5, ["Permis B", "Anglais courant"]],
  );
  // The steps are filled again with what was imported.
  const chosen = page.getByRole("list", { name: "Métiers choisis" });
  await chosen.getByText(imported.target_jobs[1].label).waitFor();
  assert.equal(await chosen.locator("li").count(), 2);
  await checkAccessibility(page, "the profile after an import");

  // An unknown job code in the data row: said under the input, with the
  // row and the column, and the stored profile stays as it was.
  await file.setInputFiles({
    name: "profil-faux.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("jobs;postcode\nZ9999;57000\n"),
  });
  await page.getByRole("button", { name: "Importer le fichier" }).click();
  const message = page.getByText(/^Ligne 2, colonne « jobs » : code inconnu \(.*Z9999.*\)$/);
  await message.waitFor();
  assert.equal(await file.getAttribute("aria-invalid"), "true");
  assert.ok(
    await page.locator(".fr-upload-group").filter({ has: file }).filter({ has: message }).count(),
    "the message is in the input's group",
  );
  assert.equal(await file.evaluate((input) => input === document.activeElement), true, "the input has the focus");
  await screenshot(page, "profile-5-import-refused");
  await checkAccessibility(page, "the profile import with its error");
  assert.deepEqual(await apiGet(app, page, profilePath), imported);
  assert.deepEqual(page.problems, []);
});
