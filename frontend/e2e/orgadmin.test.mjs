// An org admin runs their organisation in the browser: invites a
// counsellor, changes roles, deactivates a member, tunes the settings,
// reads the figures and their chart, downloads an export and finds it in
// the audit log. The platform admin, the organisation and a seeker with
// some progress are made beforehand through the API.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { startAll, acceptInvitation, apiGet, apiPost, apiWrite, createPlatformAdmin, signIn } from "./support/people.mjs";
import { checkAccessibility, newPage, screenshot } from "./support/browser.mjs";

const PLATFORM = "camille.martin@relais.test";
const ORG_ADMIN = "dominique.bernard@relais.test";
const ORG_ADMIN_PASSWORD = "Tilleul-Orage-Caravelle-31";
const COUNSELLOR = "alex.moreau@relais.test";
const SEEKER = "sacha.petit@relais.test";

let smtp, app, browser, stop, org, page;

before(async () => {
  ({ smtp, app, browser, stop } = await startAll());

  const platform = await newPage(browser, app.url);
  await createPlatformAdmin(app, smtp, platform, { email: PLATFORM, name: "Camille Martin", password: "Cerisier-Lune-Falaise-42" });
  org = await apiPost(app, platform, "/api/v1/orgs", { name: "Mission locale de Thionville", kind: "mission_locale", departments: ["57"] });
  await apiPost(app, platform, `/api/v1/orgs/${org.id}/invitations`, { email: ORG_ADMIN, role: "org_admin" });
  await smtp.waitFor(ORG_ADMIN);
  const admin = await newPage(browser, app.url);
  await acceptInvitation(app, smtp, admin, ORG_ADMIN, { name: "Dominique Bernard", password: ORG_ADMIN_PASSWORD });

  // A seeker who kept a company and got an interview on the phone.
  await apiPost(app, admin, `/api/v1/orgs/${org.id}/invitations`, { email: SEEKER, role: "seeker" });
  await smtp.waitFor(SEEKER);
  const seeker = await newPage(browser, app.url);
  await acceptInvitation(app, smtp, seeker, SEEKER, { name: "Sacha Petit", accept_terms: true, consent: true });
  const me = await apiGet(app, seeker, "/api/v1/auth/me");
  const role = me.organisations.find((organisation) => organisation.role === "seeker");
  const journey = `/api/v1/orgs/${role.id}/seekers/${role.seeker_id}`;
  await apiWrite(app, seeker, "PUT", `${journey}/profile`, { target_jobs: ["D1102"], commune: "57463", max_distance_km: 10 });
  const [first] = (await apiGet(app, seeker, `${journey}/shortlist`)).cards;
  await apiPost(app, seeker, `${journey}/shortlist/${first.siret}/keep`);
  await apiPost(app, seeker, `${journey}/applications/${first.siret}/contacts`, { method: "phone", outcome: "interview" });
  for (const p of [platform, admin, seeker]) await p.context().close();
});

after(() => stop?.());

/** The row of the members' table, or of the invitations', whose header cell names `name`. */
const inTable = (table) => (name) =>
  page.getByTestId(table).locator("tr", { has: page.getByRole("rowheader", { name, exact: false }) });
const member = inTable("members");
const invited = inTable("invitations");

test("the org admin invites a counsellor, changes roles and deactivates a member", async () => {
  page = await newPage(browser, app.url);
  await signIn(app, page, ORG_ADMIN, ORG_ADMIN_PASSWORD);
  await page.getByRole("heading", { level: 1, name: "Bonjour Dominique Bernard" }).waitFor();
  await page.locator("header").getByRole("link", { name: "Administrer la structure" }).click();
  await page.getByRole("heading", { level: 1, name: "Membres de la structure" }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/structures/${org.id}/membres`);
  assert.equal(await page.title(), "Membres de la structure — Relais");
  await page.getByText("Mission locale de Thionville").first().waitFor();
  assert.match(await member("Dominique Bernard").textContent(), /\(vous\)/);
  await checkAccessibility(page, "the members page");

  // Without an address, then with a wrong one: said under the field.
  const email = page.getByLabel("Adresse électronique du nouveau membre");
  await page.getByRole("button", { name: "Envoyer l’invitation" }).click();
  await page.getByText("Indiquez l’adresse électronique de la personne à inviter.").waitFor();
  assert.equal(await email.getAttribute("aria-invalid"), "true");
  await email.fill("alex.moreau@");
  await page.getByRole("button", { name: "Envoyer l’invitation" }).click();
  await page.getByText("Cette adresse électronique n’est pas valide. Format attendu : nom@domaine.fr").waitFor();
  assert.match(await email.getAttribute("aria-describedby"), /\S/);
  assert.ok(await email.evaluate((el) => el === document.activeElement), "the wrong field has the focus");
  await screenshot(page, "orgadmin-1-invite-error");
  await checkAccessibility(page, "the members page with an error");

  await email.fill(COUNSELLOR);
  await page.getByLabel("Rôle", { exact: true }).selectOption("counsellor");
  await page.getByRole("button", { name: "Envoyer l’invitation" }).click();
  await page.getByText(`Invitation envoyée à ${COUNSELLOR}.`).waitFor();
  await smtp.waitFor(COUNSELLOR);
  const invitation = invited(COUNSELLOR);
  assert.equal(await invitation.getByTestId("invitation-state").textContent(), "En attente");
  assert.match(await invitation.textContent(), /Conseiller ou conseillère/);

  // The same address again is refused; resending makes a new link.
  await email.fill(COUNSELLOR);
  await page.getByRole("button", { name: "Envoyer l’invitation" }).click();
  await page.getByText("Une invitation attend déjà cette personne : renvoyez-la plutôt.").waitFor();
  assert.equal(await email.getAttribute("aria-invalid"), "true", "said under the address");
  await invitation.getByRole("button", { name: "Renvoyer" }).click();
  await page.getByText(`Invitation renvoyée à ${COUNSELLOR} : l’ancien lien ne fonctionne plus.`).waitFor();
  await smtp.waitFor(COUNSELLOR, 2);
  assert.match(await invitation.textContent(), /envoyée 2 fois/);

  // Another invitation, revoked.
  await email.fill("lou.martin@relais.test");
  await page.getByLabel("Rôle", { exact: true }).selectOption("org_admin");
  await page.getByRole("button", { name: "Envoyer l’invitation" }).click();
  await page.getByText("Invitation envoyée à lou.martin@relais.test.").waitFor();
  await invited("lou.martin@relais.test").getByRole("button", { name: "Retirer" }).click();
  await page.getByText("Invitation de lou.martin@relais.test retirée : son lien ne fonctionne plus.").waitFor();
  assert.equal(await invited("lou.martin@relais.test").getByTestId("invitation-state").textContent(), "Retirée");
  await screenshot(page, "orgadmin-2-invitations");

  // The counsellor joins; the page shows them once reloaded.
  const counsellor = await newPage(browser, app.url);
  await acceptInvitation(app, smtp, counsellor, COUNSELLOR, { name: "Alex Moreau", password: "Noisetier-Brume-Escalier-58" });
  await page.reload();
  await member("Alex Moreau").waitFor();
  assert.equal(await invited(COUNSELLOR).getByTestId("invitation-state").textContent(), "Acceptée");
  const alex = page.getByLabel("Rôle de Alex Moreau");
  assert.equal(await alex.inputValue(), "counsellor");

  // Alex becomes org admin, then counsellor again.
  const members = `/api/v1/orgs/${org.id}/members`;
  const roleOf = async (name) => (await apiGet(app, page, members)).members.find((m) => m.user.name === name);
  await alex.selectOption("org_admin");
  await member("Alex Moreau").getByRole("button", { name: "Changer le rôle" }).click();
  await member("Alex Moreau").getByText("Rôle enregistré.").waitFor();
  assert.equal((await roleOf("Alex Moreau")).role, "org_admin");
  await alex.selectOption("counsellor");
  await member("Alex Moreau").getByRole("button", { name: "Changer le rôle" }).click();
  await member("Alex Moreau").getByText("Rôle enregistré.").waitFor();
  assert.equal((await roleOf("Alex Moreau")).role, "counsellor");

  // Dominique is now the only org admin: stepping down is refused, in words, under their role.
  const mine = page.getByLabel("Rôle de Dominique Bernard");
  await mine.selectOption("counsellor");
  await member("Dominique Bernard").getByRole("button", { name: "Changer le rôle" }).click();
  await page.getByText("C’est le dernier administrateur ou la dernière administratrice active de la structure", { exact: false }).waitFor();
  assert.equal(await mine.getAttribute("aria-invalid"), "true");
  assert.equal((await roleOf("Dominique Bernard")).role, "org_admin");
  await screenshot(page, "orgadmin-3-last-admin");

  // Deactivating Alex asks first; with the keyboard, Escape leaves the
  // question and the focus goes back to the button.
  const deactivate = member("Alex Moreau").getByRole("button", { name: "Désactiver" });
  await deactivate.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Désactiver ce membre ?" });
  await dialog.waitFor();
  await page.waitForFunction(() => document.getElementById("member-deactivate").contains(document.activeElement));
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  await page.waitForFunction(() => document.activeElement?.textContent === "Désactiver" && document.activeElement.closest("tr"));
  assert.equal((await roleOf("Alex Moreau")).active, true, "nothing happens without confirming");
  await deactivate.click();
  await dialog.waitFor();
  await dialog.getByText("Alex Moreau n’aura plus accès à Mission locale de Thionville.", { exact: false }).waitFor();
  // Checked once it has faded in: halfway, its text is paler than it will be.
  await page.waitForFunction(() => getComputedStyle(document.getElementById("member-deactivate")).opacity === "1");
  await checkAccessibility(page, "the deactivation dialog");
  await screenshot(page, "orgadmin-4-confirm");
  await dialog.getByRole("button", { name: "Désactiver" }).click();
  await page.getByText("Alex Moreau est désactivé(e) : son accès à la structure est retiré.").waitFor();
  assert.match(await member("Alex Moreau").textContent(), /Désactivé/);
  await member("Alex Moreau").getByRole("button", { name: "Réactiver" }).waitFor();
  assert.equal((await roleOf("Alex Moreau")).active, false);
  for (const p of [page, counsellor]) assert.deepEqual(p.problems, []);
});

test("the org admin changes the organisation's settings", async () => {
  await page.getByRole("navigation", { name: "Administration de la structure" }).getByRole("link", { name: "Réglages" }).click();
  await page.getByRole("heading", { level: 1, name: "Réglages de la structure" }).waitFor();
  assert.equal(await page.title(), "Réglages de la structure — Relais");
  assert.equal(await page.getByLabel("Nom de la structure").count(), 0, "only the platform admin renames");
  assert.equal(await page.getByRole("button", { name: "Archiver la structure" }).count(), 0, "and archives");
  const stalled = page.getByLabel("Jours sans activité avant de signaler une personne");
  assert.equal(await stalled.inputValue(), "21");
  await checkAccessibility(page, "the settings page");

  await stalled.fill("0");
  await page.getByRole("button", { name: "Enregistrer les réglages" }).click();
  await page.getByText("« Jours sans activité avant de signaler une personne » : indiquez un nombre entier de 1 à 365.").waitFor();
  assert.equal(await stalled.getAttribute("aria-invalid"), "true");
  assert.ok(await stalled.evaluate((el) => el === document.activeElement));
  await screenshot(page, "orgadmin-5-settings-error");

  await stalled.fill("14");
  await page.getByLabel("Nom d’expéditeur des e-mails du coach (facultatif)").fill("Mission locale de Thionville");
  await page.getByText("Le coach encourage les personnes qui ont gardé des entreprises sans en contacter").click();
  await page.getByRole("button", { name: "Enregistrer les réglages" }).click();
  await page.getByText("Réglages enregistrés.").waitFor();
  const saved = (await apiGet(app, page, `/api/v1/orgs/${org.id}`)).settings;
  assert.deepEqual(
    [saved.stalled_after_days, saved.sender_name, saved.coach_nudges, saved.coach_reminders],
    [14, "Mission locale de Thionville", false, true],
  );
  assert.deepEqual(page.problems, []);
});

test("the org admin reads the figures, as a chart and as tables", async () => {
  await page.getByRole("navigation", { name: "Administration de la structure" }).getByRole("link", { name: "Chiffres" }).click();
  await page.getByRole("heading", { level: 1, name: "Chiffres de la structure" }).waitFor();
  assert.equal(await page.title(), "Chiffres de la structure — Relais");
  const figures = await apiGet(app, page, `/api/v1/orgs/${org.id}/figures`);
  const last = figures.months.at(-1);
  assert.deepEqual(
    [last.seekers, last.with_shortlist, last.contacted, last.answered, last.interview, last.hired],
    [1, 1, 1, 1, 1, 0],
  );

  const chart = page.getByRole("img", { name: /^Graphique en barres\./ });
  await chart.waitFor();
  assert.match(await chart.getAttribute("aria-labelledby"), /funnel-title/);
  assert.match(
    await page.locator("#funnel-title").textContent(),
    /Personnes accompagnées : 1, Avec des entreprises proposées : 1, Ont contacté une entreprise : 1, Ont eu une réponse : 1, Ont obtenu un entretien : 1, Embauchées : 0/,
  );
  const cells = await page.getByTestId("funnel-table").locator("tbody tr").evaluateAll((rows) =>
    rows.map((tr) => [...tr.querySelectorAll("th, td")].map((cell) => cell.textContent.replace(/\s/g, " "))),
  );
  assert.deepEqual(cells, [
    ["Personnes accompagnées", "1", "100 %"],
    ["Avec des entreprises proposées", "1", "100 %"],
    ["Ont contacté une entreprise", "1", "100 %"],
    ["Ont eu une réponse", "1", "100 %"],
    ["Ont obtenu un entretien", "1", "100 %"],
    ["Embauchées", "0", "0 %"],
  ]);
  assert.equal(await page.getByTestId("figures-months").locator("tbody tr").count(), figures.months.length);
  assert.deepEqual(
    await page.getByTestId("figures-counsellors").locator("tbody tr").evaluateAll((rows) => rows.map((tr) => tr.textContent)),
    ["Sans référent111110"],
  );
  await checkAccessibility(page, "the figures page");
  await screenshot(page, "orgadmin-6-figures");

  // A period the wrong way round: the API's refusal under the last month.
  await page.getByLabel("Premier mois").fill("2026-06");
  await page.getByLabel("Dernier mois").fill("2026-01");
  await page.getByRole("button", { name: "Afficher" }).click();
  await page.getByText("Dernier mois : indiquez un mois au format AAAA-MM, après le premier.").waitFor();
  assert.equal(await page.getByLabel("Dernier mois").getAttribute("aria-invalid"), "true");
  await checkAccessibility(page, "the figures page with an error");
  await page.getByLabel("Premier mois").fill("2026-01");
  await page.getByLabel("Dernier mois").fill("2026-03");
  await page.getByRole("button", { name: "Afficher" }).click();
  await page.waitForURL(/du=2026-01&au=2026-03/);
  await page.getByText("De janvier 2026 à mars 2026", { exact: false }).waitFor();
  assert.equal(await page.getByTestId("figures-months").locator("tbody tr").count(), 3);
  assert.deepEqual(page.problems, []);
});

test("the org admin downloads the caseload, and finds the export in the audit log", async () => {
  await page.getByRole("navigation", { name: "Administration de la structure" }).getByRole("link", { name: "Exports" }).click();
  await page.getByRole("heading", { level: 1, name: "Exports" }).waitFor();
  assert.equal(await page.title(), "Exports — Relais");
  await checkAccessibility(page, "the exports page");
  await page.getByLabel("Personnes", { exact: true }).selectOption("all");
  const link = page.getByRole("link", { name: /Les personnes accompagnées/ });
  assert.match(await link.getAttribute("href"), new RegExp(`^/api/v1/orgs/${org.id}/exports/caseload\\.csv\\?scope=all$`));
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  assert.match(download.suggestedFilename(), /^relais-portefeuille-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await download.path(), "utf8");
  assert.ok(csv.startsWith("\uFEFF"), "a byte order mark for Excel");
  assert.match(csv, /Sacha Petit/);
  await screenshot(page, "orgadmin-7-exports");

  await page.getByRole("navigation", { name: "Administration de la structure" }).getByRole("link", { name: "Journal" }).click();
  await page.getByRole("heading", { level: 1, name: "Journal de la structure" }).waitFor();
  assert.equal(await page.title(), "Journal de la structure — Relais");
  const table = page.getByTestId("audit");
  await table.waitFor();
  const log = (await apiGet(app, page, `/api/v1/orgs/${org.id}/audit`)).events;
  assert.equal(await table.locator("tbody tr").count(), log.length);
  assert.equal(log[0].action, "caseload_exported");
  assert.deepEqual(
    await table.locator("tbody tr").first().locator("th, td").evaluateAll((cells) => cells.slice(1, 3).map((cell) => cell.textContent)),
    ["Export des personnes accompagnées", `Dominique Bernard (${ORG_ADMIN})`],
  );
  await checkAccessibility(page, "the audit log");

  await page.getByLabel("Type d’action").selectOption("role_changed");
  const changes = log.filter((event) => event.action === "role_changed");
  assert.equal(changes.length, 2);
  assert.equal(await table.locator("tbody tr").count(), 2);
  assert.match(
    await table.locator("tbody tr").first().textContent(),
    /Rôle changé.*Alex Moreau.*avant : Administrateur ou administratrice ; après : Conseiller ou conseillère/,
  );
  await page.getByText(`2 entrées affichées sur ${log.length} chargées`, { exact: false }).waitFor();
  await screenshot(page, "orgadmin-8-audit");
  assert.deepEqual(page.problems, []);
});

test("the org admin hands a seeker over to a referent, and invites one with a referent", async () => {
  await page.getByRole("navigation", { name: "Administration de la structure" }).getByRole("link", { name: "Personnes accompagnées" }).click();
  await page.getByRole("link", { name: "Sacha Petit" }).click();
  await page.getByRole("heading", { level: 1, name: "Sacha Petit" }).waitFor();
  await page.getByText("référent : Aucun", { exact: false }).waitFor();
  const referent = page.getByLabel("Confier la personne à");
  // Only active staff: Alex is deactivated.
  await referent.locator("option", { hasText: "Dominique Bernard" }).waitFor({ state: "attached" });
  assert.deepEqual(await referent.locator("option").allTextContents(), [
    "Choisir un membre de l’équipe",
    "Dominique Bernard — Administrateur ou administratrice",
  ]);
  await page.getByRole("button", { name: "Changer de référent" }).click();
  await page.getByText("Choisissez le membre de l’équipe qui suivra la personne.").waitFor();
  assert.equal(await referent.getAttribute("aria-invalid"), "true");
  await referent.selectOption({ label: "Dominique Bernard — Administrateur ou administratrice" });
  await page.getByRole("button", { name: "Changer de référent" }).click();
  await page.getByText("La personne est maintenant suivie par Dominique Bernard.").waitFor();
  await page.getByText("référent : Dominique Bernard", { exact: false }).waitFor();
  const caseload = await apiGet(app, page, `/api/v1/orgs/${org.id}/seekers`);
  assert.equal(caseload.seekers[0].referent.name, "Dominique Bernard");
  await checkAccessibility(page, "a seeker's page with the referent form");
  await screenshot(page, "orgadmin-9-transfer");

  // The log says whom, in names.
  await page.goto(`${app.url}/structures/${org.id}/journal`);
  await page.getByLabel("Type d’action").selectOption("seeker_transferred");
  const moved = page.getByTestId("audit").locator("tbody tr");
  await moved.first().waitFor();
  assert.match(await moved.textContent(), /Personne confiée à un autre référent.*Sacha Petit.*après : Dominique Bernard/);

  // A seeker invited with their referent from the start.
  await page.getByRole("navigation", { name: "Administration de la structure" }).getByRole("link", { name: "Personnes accompagnées" }).click();
  await page.getByText("Inviter une personne à accompagner").click();
  await page.getByLabel("Adresse électronique de la personne").fill("lou.petit@relais.test");
  const chosen = page.getByLabel("Référent ou référente");
  await chosen.locator("option", { hasText: "Dominique Bernard" }).waitFor({ state: "attached" });
  await chosen.selectOption({ label: "Dominique Bernard — Administrateur ou administratrice" });
  await page.getByRole("button", { name: "Envoyer l’invitation" }).click();
  await page.getByText("Invitation envoyée à lou.petit@relais.test.").waitFor();
  await checkAccessibility(page, "the caseload's invitation with a referent");
  const lou = await newPage(browser, app.url);
  await smtp.waitFor("lou.petit@relais.test");
  await acceptInvitation(app, smtp, lou, "lou.petit@relais.test", { name: "Lou Petit", accept_terms: true, consent: true });
  const invited = (await apiGet(app, page, `/api/v1/orgs/${org.id}/seekers?q=lou`)).seekers;
  assert.deepEqual(invited.map((line) => [line.user.name, line.referent?.name]), [["Lou Petit", "Dominique Bernard"]]);
  assert.deepEqual(page.problems, []);
});

test("the figures read on a phone, in English", async () => {
  const phone = await newPage(browser, app.url, { viewport: { width: 390, height: 844 } });
  await phone.addInitScript(() => window.localStorage.setItem("relais.lang", "en"));
  // The sign-in form speaks English too.
  await phone.goto(app.url + "/connexion");
  await phone.getByLabel("Email address").first().fill(ORG_ADMIN);
  await phone.locator("#signin-password").fill(ORG_ADMIN_PASSWORD);
  await phone.getByRole("button", { name: "Sign in", exact: true }).click();
  await phone.getByRole("heading", { level: 1, name: "Hello Dominique Bernard" }).waitFor();
  await phone.goto(`${app.url}/structures/${org.id}/chiffres`);
  await phone.getByRole("heading", { level: 1, name: "Organisation figures" }).waitFor();
  assert.equal(await phone.title(), "Organisation figures — Relais");
  await phone.getByRole("img", { name: /^Bar chart\. The seekers' journey, end of / }).waitFor();
  const box = await phone.locator("svg.relais-funnel").boundingBox();
  assert.ok(box.width <= 390, `the chart fits the screen (${box.width} px)`);
  await phone.getByRole("table", { name: /\(the chart's data\)$/ }).waitFor();
  await checkAccessibility(phone, "the figures on a phone, in English");
  await screenshot(phone, "orgadmin-10-figures-phone-en");

  await phone.goto(`${app.url}/structures/${org.id}/membres`);
  await phone.getByRole("heading", { level: 1, name: "Members of the organisation" }).waitFor();
  await phone.getByRole("table", { name: "2 members" }).waitFor();
  await checkAccessibility(phone, "the members on a phone, in English");
  await screenshot(phone, "orgadmin-11-members-phone-en");
  assert.deepEqual(phone.problems, []);
});
