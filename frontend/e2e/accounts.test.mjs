// Accounts end to end: the first platform admin created from the terminal
// chooses a password from the emailed link, signs out and in, resets a
// forgotten password; an org admin and a seeker join by invitation.
// Emails really go out, over SMTP, to a server the test holds.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startApp } from "./support/app.mjs";
import { links, startSmtp } from "./support/smtp.mjs";
import * as people from "./support/people.mjs";
import { checkAccessibility, launch, newPage, screenshot } from "./support/browser.mjs";

const ADMIN = "camille.martin@relais.test";
const ADMIN_PASSWORD = "Cerisier-Lune-Falaise-42";
const ORG_ADMIN = "dominique.bernard@relais.test";
const SEEKER = "sacha.petit@relais.test";

let smtp, app, browser;
// The seeker's page, signed in by the invitation test, for the journey test.
let seekerPage, staffPage;

before(async () => {
  smtp = await startSmtp();
  app = await startApp({ smtpPort: smtp.port });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await app?.stop();
  await smtp?.close();
});

// The helpers of support/people.mjs, for this file's app.
const linkTo = (message, path) => people.linkTo(app, message, path);
const apiPost = (page, path, body) => people.apiPost(app, page, path, body);
const signIn = (page, email, password) => people.signIn(app, page, email, password);

test("the platform admin chooses a password from the emailed link, signs out and in again", async () => {
  await app.task("create_platform_admin", `email:${ADMIN}`, "name:Camille Martin");
  const welcome = await smtp.waitFor(ADMIN);
  const link = linkTo(welcome, "/mot-de-passe");

  const page = await newPage(browser, app.url);
  await page.goto(link);
  await page.getByRole("heading", { level: 1, name: "Choisir un nouveau mot de passe" }).waitFor();
  assert.equal(new URL(page.url()).hash, "", "the token leaves the address bar");
  assert.equal(await page.title(), "Choisir un mot de passe — Relais");
  await checkAccessibility(page, "the password page");

  // Long enough, but the first password anyone tries: the API refuses it,
  // and the page says why under the field.
  await page.locator("#reset-password").fill("motdepasse123");
  await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
  const field = page.locator("#reset-password");
  await page.getByText("Ce mot de passe n’est pas accepté", { exact: false }).waitFor();
  assert.match(await field.evaluate((el) => el.getAttribute("aria-describedby") ?? ""), /\S/);
  await screenshot(page, "accounts-1-password-refused");
  await checkAccessibility(page, "the password page with its error");

  await field.fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
  await page.getByRole("heading", { level: 1, name: "Bonjour Camille Martin" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/espace");
  await page.getByText("Votre mot de passe est enregistré.").waitFor();
  await page.getByText("Administration de la plateforme").waitFor();
  assert.equal(await page.title(), "Mon espace — Relais");
  await screenshot(page, "accounts-2-signed-in");
  await checkAccessibility(page, "my space");

  // The header's user menu: sign out.
  await page.locator("header").getByRole("button", { name: "Se déconnecter" }).click();
  await page.getByText("Vous êtes déconnecté(e).").waitFor();
  assert.equal(new URL(page.url()).pathname, "/connexion");
  await page.locator("header").getByRole("link", { name: "Se connecter" }).waitFor();
  assert.equal((await page.request.get(`${app.url}/api/v1/auth/me`)).status(), 401);
  await checkAccessibility(page, "the sign-in page");

  // A wrong password is refused above the form; the right one signs in.
  await signIn(page, ADMIN, "pas-le-bon-mot-de-passe");
  await page.getByText("Adresse électronique ou mot de passe incorrect.").waitFor();
  await screenshot(page, "accounts-3-wrong-password");
  await checkAccessibility(page, "the sign-in page with its error");
  await page.locator("#signin-password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Se connecter", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Bonjour Camille Martin" }).waitFor();
  assert.equal(await page.locator("header").getByRole("link", { name: "Camille Martin" }).count(), 1);
  assert.deepEqual(page.problems, []);
});

test("a forgotten password is reset from the emailed link", async () => {
  const page = await newPage(browser, app.url);
  await page.goto(app.url + "/connexion");
  await page.getByRole("link", { name: "Mot de passe oublié ?" }).click();
  await page.getByRole("heading", { level: 1, name: "Mot de passe oublié" }).waitFor();
  assert.equal(await page.title(), "Mot de passe oublié — Relais");
  await checkAccessibility(page, "the forgotten password page");
  const before = smtp.to(ADMIN).length;
  await page.getByLabel("Adresse électronique").fill(ADMIN);
  await page.getByRole("button", { name: "Recevoir le lien" }).click();
  await page.getByText("Si un compte a cette adresse, un lien vient de lui être envoyé.", { exact: false }).waitFor();
  await checkAccessibility(page, "the forgotten password page, sent");

  const reset = await smtp.waitFor(ADMIN, before + 1);
  const newPassword = "Ardoise-Vent-Marelle-77";
  await page.goto(linkTo(reset, "/mot-de-passe"));
  await page.locator("#reset-password").fill(newPassword);
  await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
  await page.getByRole("heading", { level: 1, name: "Bonjour Camille Martin" }).waitFor();

  // The link is used up; the old password no longer opens anything.
  await page.goto(linkTo(reset, "/mot-de-passe"));
  await page.locator("#reset-password").fill("Encore-Un-Autre-Secret-99");
  await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
  await page.getByText("Ce lien a déjà servi ou a expiré : demandez-en un nouveau.").waitFor();
  const old = await fetch(`${app.url}/api/v1/auth/sign_in`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: ADMIN, password: ADMIN_PASSWORD }),
  });
  assert.equal(old.status, 401);
  assert.deepEqual(page.problems, []);
});

test("an org admin and then a seeker join by invitation, the seeker with terms and consent", async () => {
  const admin = await newPage(browser, app.url);
  const adminSignIn = await admin.request.post(`${app.url}/api/v1/auth/sign_in`, {
    data: { email: ADMIN, password: "Ardoise-Vent-Marelle-77" },
  });
  assert.equal(adminSignIn.status(), 200);
  const organisation = await apiPost(admin, "/api/v1/orgs", {
    name: "Mission locale de Metz",
    kind: "mission_locale",
    departments: ["57"],
  });
  await apiPost(admin, `/api/v1/orgs/${organisation.id}/invitations`, { email: ORG_ADMIN, role: "org_admin" });

  // The org admin, new to Relais, accepts in a browser of their own.
  const staff = await newPage(browser, app.url);
  await staff.goto(linkTo(await smtp.waitFor(ORG_ADMIN), "/invitation"));
  await staff.getByText("Mission locale de Metz vous invite à rejoindre Relais", { exact: false }).waitFor();
  assert.equal(new URL(staff.url()).hash, "");
  assert.equal(await staff.title(), "Invitation — Relais");
  await checkAccessibility(staff, "a staff invitation");
  await staff.getByRole("button", { name: "Accepter l’invitation" }).click();
  assert.equal(await staff.locator("#invitation-name").getAttribute("aria-invalid"), "true");
  await staff.getByText("Indiquez votre prénom et votre nom", { exact: false }).waitFor();
  await staff.locator("#invitation-name").fill("Dominique Bernard");
  await staff.locator("#invitation-password").fill("Tilleul-Orage-Caravelle-31");
  await staff.getByRole("button", { name: "Accepter l’invitation" }).click();
  await staff.getByRole("heading", { level: 1, name: "Bonjour Dominique Bernard" }).waitFor();
  await staff.getByText("Vous avez rejoint Mission locale de Metz.").waitFor();
  await staff.getByText("Mission locale de Metz : administrateur ou administratrice de la structure").waitFor();

  // The org admin invites a seeker, who joins without a password.
  await apiPost(staff, `/api/v1/orgs/${organisation.id}/invitations`, { email: SEEKER, role: "seeker" });
  const seeker = await newPage(browser, app.url, { viewport: { width: 390, height: 844 } });
  await seeker.goto(linkTo(await smtp.waitFor(SEEKER), "/invitation"));
  await seeker.getByText("en tant que personne accompagnée", { exact: false }).waitFor();
  await checkAccessibility(seeker, "a seeker invitation on a phone");
  await seeker.locator("#invitation-name").fill("Sacha Petit");
  await seeker.getByRole("button", { name: "Accepter l’invitation" }).click();
  await seeker.getByText("Pour continuer, acceptez les conditions d’utilisation.").waitFor();
  await seeker.getByText("Pour être accompagné(e), acceptez que la structure suive votre avancement.").waitFor();
  await screenshot(seeker, "accounts-4-invitation-errors");
  await checkAccessibility(seeker, "a seeker invitation with its errors");
  // The label holds a link to the terms: a click on the box ticks it.
  const termsBox = seeker.getByRole("checkbox", { name: "J’accepte les conditions d’utilisation de Relais" });
  await seeker.locator(`label[for="${await termsBox.getAttribute("id")}"]`).click({ position: { x: 8, y: 8 } });
  assert.equal(await termsBox.isChecked(), true);
  await seeker.getByText("J’accepte que Mission locale de Metz suive l’avancement", { exact: false }).click();
  await seeker.getByRole("button", { name: "Accepter l’invitation" }).click();
  await seeker.getByRole("heading", { level: 1, name: "Bonjour Sacha Petit" }).waitFor();
  await seeker.getByText("Mission locale de Metz : personne accompagnée").waitFor();
  await screenshot(seeker, "accounts-5-seeker-joined");

  // The link is used: opening it again says so.
  await seeker.goto(linkTo(smtp.to(SEEKER)[0], "/invitation"));
  await seeker.getByText("Cette invitation a déjà été acceptée : connectez-vous.").waitFor();

  // Signed out, the seeker asks for a sign-in link and uses it.
  await seeker.goto(app.url + "/espace");
  await seeker.locator("header").getByRole("button", { name: "Menu" }).click();
  await seeker.getByRole("dialog").getByRole("button", { name: "Se déconnecter" }).click();
  await seeker.getByText("Vous êtes déconnecté(e).").waitFor();
  await seeker.locator("#magic-email").fill(SEEKER);
  await seeker.getByRole("button", { name: "Recevoir un lien de connexion" }).click();
  await seeker.getByText("un lien de connexion vient de lui être envoyé", { exact: false }).waitFor();
  const magic = await smtp.waitFor(SEEKER, 2);
  await seeker.goto(linkTo(magic, "/connexion"));
  await seeker.getByRole("heading", { level: 1, name: "Bonjour Sacha Petit" }).waitFor();
  assert.equal(new URL(seeker.url()).hash, "");
  for (const page of [admin, staff, seeker]) assert.deepEqual(page.problems, []);
  seekerPage = seeker;
  staffPage = staff;
});

test("the seeker keeps and dismisses proposed companies, then logs a contact and an interview", async () => {
  const page = seekerPage;
  assert.ok(page, "the invitation test signed the seeker in");
  const me = await (await page.request.get(`${app.url}/api/v1/auth/me`)).json();
  const role = me.organisations.find((organisation) => organisation.role === "seeker");
  const journey = `${app.url}/api/v1/orgs/${role.id}/seekers/${role.seeker_id}`;

  // Before a profile: the page says who fills it in.
  await page.getByRole("link", { name: "Les entreprises qui me sont proposées" }).click();
  await page.getByText("Votre profil n’est pas encore rempli", { exact: false }).waitFor();
  assert.equal(await page.title(), "Entreprises proposées — Relais");

  const profile = await page.request.put(`${journey}/profile`, {
    data: { target_jobs: ["D1102"], commune: "57463", max_distance_km: 10 },
    headers: { "X-CSRF-Token": me.csrf_token },
  });
  assert.equal(profile.status(), 200, await profile.text());
  const shortlist = await (await page.request.get(`${journey}/shortlist`)).json();
  assert.ok(shortlist.cards.length >= 3, `a shortlist for bakers around Metz (${shortlist.cards.length})`);

  await page.reload();
  const cards = page.locator("article.relais-company");
  await cards.first().waitFor();
  assert.deepEqual(
    await cards.evaluateAll((all) => all.map((card) => card.dataset.siret)),
    shortlist.cards.map((card) => card.siret),
  );
  // The map beside the list: one marker per card, and no tiles fetched
  // (a request outside the app would fail the page).
  const markers = page.locator(".relais-map path.leaflet-interactive");
  assert.equal(await page.getByRole("region", { name: "Carte des entreprises proposées" }).count(), 1);
  assert.equal(await markers.count(), shortlist.cards.length, "one marker per card");
  const [first, second] = shortlist.cards;
  const firstName = first.trade_name || first.name;
  const secondName = second.trade_name || second.name;
  const firstCard = page.locator(`article[data-siret="${first.siret}"]`);
  assert.match(await firstCard.textContent(), new RegExp(`Pourquoi elle vous est proposée.*${first.jobs[0].label.replace(/[()/]/g, ".")}`));
  await checkAccessibility(page, "the shortlist");
  await screenshot(page, "journey-1-shortlist");

  await firstCard.getByRole("button", { name: "Garder" }).click();
  await page.getByText(`${firstName} est dans votre liste à contacter.`).waitFor();
  await page.locator(`article[data-siret="${second.siret}"]`).getByRole("button", { name: "Écarter" }).click();
  await page.getByText(`${secondName} est écartée : elle ne vous sera plus proposée.`).waitFor();
  assert.equal(await page.locator(`article[data-siret="${first.siret}"]`).count(), 0);
  assert.equal(await page.locator(`article[data-siret="${second.siret}"]`).count(), 0);
  const after = await (await page.request.get(`${journey}/shortlist`)).json();
  assert.ok(!after.cards.some((card) => [first.siret, second.siret].includes(card.siret)));
  assert.equal(await markers.count(), shortlist.cards.length - 2, "the kept and the dismissed companies leave the map");

  // The list to contact: one company, to contact; a phone call logged.
  await page.getByRole("link", { name: "Ma liste à contacter" }).first().click();
  const application = page.locator(`article[data-siret="${first.siret}"]`);
  await application.waitFor();
  assert.equal(await page.locator("article.relais-company").count(), 1);
  assert.equal(await application.getByTestId("status").textContent(), "À contacter");
  await checkAccessibility(page, "the list to contact");
  await application.getByText("Noter un contact").click();
  await application.getByLabel("Comment").selectOption("phone");
  await application.getByLabel("Réponse de l’entreprise").selectOption("no_answer_yet");
  await application.getByLabel("Note (facultatif)").fill("Rappeler jeudi, demander le responsable");
  await checkAccessibility(page, "the contact form");
  await application.getByRole("button", { name: "Enregistrer le contact" }).click();
  await application.getByText("Contact enregistré. Statut : Contactée.").waitFor();
  assert.equal(await application.getByTestId("status").textContent(), "Contactée");
  assert.match(await application.textContent(), /Téléphone — Pas encore de réponse — « Rappeler jeudi, demander le responsable »/);

  // Then an interview, by the status.
  await application.getByLabel("Nouveau statut").selectOption("interview");
  await application.getByRole("button", { name: "Changer le statut" }).click();
  await application.getByText("Statut enregistré : Entretien.").waitFor();
  // The dated history: kept, moved by the phone call, then the interview.
  const history = application.getByRole("list", { name: "Historique du statut" }).getByRole("listitem");
  await history.nth(2).waitFor();
  const lines = await history.allTextContents();
  assert.equal(lines.length, 3, lines.join("\n"));
  assert.match(lines[0], /^\d{1,2} \S+ \d{4} .+ : gardée, statut « À contacter »$/);
  assert.match(lines[1], /: de « À contacter » à « Contactée » après le contact du \d{1,2} \S+ \d{4} \(Téléphone, Pas encore de réponse\)$/);
  assert.match(lines[2], /: de « Contactée » à « Entretien »$/);
  await checkAccessibility(page, "the list to contact with its history");
  await screenshot(page, "journey-2-applications");
  const applications = await (await page.request.get(`${journey}/applications`)).json();
  assert.deepEqual(
    applications.applications.map((a) => [a.siret, a.status, a.contacts.length, a.contacts[0]?.method, a.contacts[0]?.note]),
    [[first.siret, "interview", 1, "phone", "Rappeler jeudi, demander le responsable"]],
  );
  assert.deepEqual(page.problems, []);
});

test("the org admin follows the seeker in the caseload table", async () => {
  const page = staffPage;
  assert.ok(page, "the invitation test signed the org admin in");
  await page.goto(app.url + "/espace");
  await page.getByRole("link", { name: "Les personnes que j’accompagne" }).click();
  await page.getByRole("heading", { level: 1, name: "Les personnes que vous accompagnez" }).waitFor();
  assert.equal(await page.title(), "Personnes accompagnées — Relais");
  const org = new URL(page.url()).pathname.split("/")[2];
  const api = await (await page.request.get(`${app.url}/api/v1/orgs/${org}/seekers`)).json();
  assert.equal(api.total, 1);
  const line = api.seekers[0];
  assert.deepEqual(
    [line.user.name, line.kept, line.contacted, line.answered, line.interviews, line.hired, line.stalled],
    ["Sacha Petit", 1, 1, 0, 1, 0, false],
  );
  // Invited by an org admin, not by a counsellor: no referent yet.
  assert.equal(line.referent, null);
  assert.deepEqual(line.target_jobs.map((job) => job.label), ["Boulangerie - viennoiserie"]);

  const row = page.locator(`tr[data-seeker="${line.id}"]`);
  await row.waitFor();
  assert.deepEqual(
    (await row.locator("td").allTextContents()).slice(0, 7),
    ["Boulangerie - viennoiserie", "Aucun", "1", "1", "0", "1", "0"],
  );
  assert.match(await page.locator("caption").textContent(), /^1 personne \(sans activité récente : rien depuis plus de 21 jours\)$/);
  await checkAccessibility(page, "the caseload");
  await screenshot(page, "caseload-1-table");

  // Sorted by name: the column says so; filtered on stalled seekers: none.
  await page.getByRole("button", { name: "Nom" }).click();
  await page.waitForURL(/tri=name/);
  assert.equal(await page.locator("th", { has: page.getByRole("button", { name: "Nom" }) }).getAttribute("aria-sort"), "ascending");
  await page.getByLabel("Activité").selectOption("true");
  await page.getByText("Aucune personne ne correspond à ces filtres.").waitFor();
  assert.match(page.url(), /bloque=true/);
  await page.getByLabel("Activité").selectOption("");
  await page.getByLabel("Nom ou adresse électronique").fill("sacha");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await row.waitFor();
  assert.match(page.url(), /q=sacha/);
  assert.deepEqual(page.problems, []);
});

test("the seeker pauses and snoozes the coach's emails, the org admin chooses a daily digest", async () => {
  const page = seekerPage;
  await page.goto(app.url + "/espace");
  await page.getByRole("link", { name: "Les e-mails du coach" }).click();
  await page.getByRole("heading", { level: 1, name: "Les e-mails du coach" }).waitFor();
  assert.equal(await page.title(), "E-mails du coach — Relais");
  const state = page.getByTestId("email-state");
  assert.equal(await state.textContent(), "Les e-mails du coach sont actifs.");
  assert.equal(await page.getByLabel("Fréquence").count(), 0, "a seeker gets no digest");
  await checkAccessibility(page, "the coach's emails");

  await page.getByRole("button", { name: "Mettre en pause" }).click();
  await page.getByText("Les e-mails du coach sont en pause. Les questions attendent votre retour.").waitFor();
  assert.match(await state.textContent(), /^Les e-mails du coach sont en pause depuis le \d{1,2} \S+ \d{4}\.$/);
  const paused = await (await page.request.get(`${app.url}/api/v1/me/emails`)).json();
  assert.ok(paused.paused_since, "the pause is recorded");
  await page.getByRole("button", { name: "Reprendre les e-mails" }).click();
  await page.getByText("Les e-mails du coach reprennent.").waitFor();
  assert.equal(await state.textContent(), "Les e-mails du coach sont actifs.");

  await page.getByLabel("Pendant").selectOption("14");
  await page.getByRole("button", { name: "Reporter les e-mails" }).click();
  await page.getByText("Les e-mails du coach sont reportés.").waitFor();
  const snoozed = await (await page.request.get(`${app.url}/api/v1/me/emails`)).json();
  const days = (new Date(snoozed.snoozed_until) - Date.now()) / 86_400_000;
  assert.ok(days > 13.9 && days <= 14, `snoozed for 14 days (${days})`);
  assert.equal(snoozed.paused_since, null);
  assert.match(await state.textContent(), /^Les e-mails du coach sont reportés jusqu’au /);
  await screenshot(page, "emails-1-snoozed");
  await checkAccessibility(page, "the coach's emails, snoozed");

  const staff = staffPage;
  await staff.goto(app.url + "/espace/e-mails");
  await staff.getByLabel("Fréquence").selectOption("daily");
  await staff.getByRole("button", { name: "Enregistrer la fréquence" }).click();
  await staff.getByText("Fréquence du point enregistrée.").waitFor();
  const digest = await (await staff.request.get(`${app.url}/api/v1/me/emails`)).json();
  assert.equal(digest.digest_frequency, "daily");
  for (const p of [page, staff]) assert.deepEqual(p.problems, []);
});

test("the org admin opens the seeker, writes a shared note, and invites another seeker", async () => {
  const page = staffPage;
  await page.goto(app.url + "/espace");
  await page.getByRole("link", { name: "Les personnes que j’accompagne" }).click();
  await page.getByRole("link", { name: "Sacha Petit" }).click();
  await page.getByRole("heading", { level: 1, name: "Sacha Petit" }).waitFor();
  assert.equal(await page.title(), "Sacha Petit — personne accompagnée — Relais");
  const [, , org, , seeker] = new URL(page.url()).pathname.split("/");
  const detail = await (await page.request.get(`${app.url}/api/v1/orgs/${org}/seekers/${seeker}`)).json();
  assert.equal(detail.applications.length, 1);
  const kept = detail.applications[0];
  assert.deepEqual(
    await page.getByTestId("seeker-applications").locator("li").allTextContents(),
    [`${kept.company.trade_name || kept.company.name} — Entretien — 1 contact`],
  );
  await page.getByText("Recherche : Boulangerie - viennoiserie, autour de METZ, à 10 km au plus.").waitFor();
  await checkAccessibility(page, "a seeker's page");

  await page.getByRole("button", { name: "Ajouter la note" }).click();
  await page.getByText("Écrivez la note.").waitFor();
  await page.getByLabel("Nouvelle note").fill("Entretien préparé ensemble : apporter le CV imprimé.");
  await page.getByText("Aussi la personne accompagnée").click();
  await page.getByRole("button", { name: "Ajouter la note" }).click();
  await page.getByText("Note ajoutée.").waitFor();
  assert.match(
    await page.getByTestId("seeker-notes").locator("li").first().textContent(),
    /^Entretien préparé ensemble : apporter le CV imprimé\.Dominique Bernard, le .+ — Aussi la personne accompagnée$/,
  );
  const notes = (await (await page.request.get(`${app.url}/api/v1/orgs/${org}/seekers/${seeker}`)).json()).notes;
  assert.deepEqual(notes.map((note) => [note.body, note.visibility]), [["Entretien préparé ensemble : apporter le CV imprimé.", "shared"]]);
  await screenshot(page, "caseload-2-seeker");

  // An invitation from the caseload page: the email goes out; a second
  // one to the same address is refused, in words.
  await page.getByRole("link", { name: "Retour aux personnes accompagnées" }).click();
  await page.getByText("Inviter une personne à accompagner").click();
  await page.getByLabel("Adresse électronique de la personne").fill("camille.dupre@relais.test");
  await page.getByRole("button", { name: "Envoyer l’invitation" }).click();
  await page.getByText("Invitation envoyée à camille.dupre@relais.test.").waitFor();
  const invitation = await smtp.waitFor("camille.dupre@relais.test");
  assert.equal(links(invitation, `${app.url}/invitation#`).length, 1);
  await page.getByLabel("Adresse électronique de la personne").fill("camille.dupre@relais.test");
  await page.getByRole("button", { name: "Envoyer l’invitation" }).click();
  await page.getByText("Une invitation attend déjà cette personne : renvoyez-la plutôt.").waitFor();
  await checkAccessibility(page, "the caseload with the invitation form");
  assert.deepEqual(page.problems, []);
});

test("a counsellor joins, invites a seeker of their own and finds them in their caseload", async () => {
  const admin = staffPage;
  const me = await (await admin.request.get(`${app.url}/api/v1/auth/me`)).json();
  const org = me.organisations.find((organisation) => organisation.role === "org_admin").id;
  await apiPost(admin, `/api/v1/orgs/${org}/invitations`, { email: "alex.moreau@relais.test", role: "counsellor" });

  const counsellor = await newPage(browser, app.url);
  await counsellor.goto(linkTo(await smtp.waitFor("alex.moreau@relais.test"), "/invitation"));
  await counsellor.getByText("en tant que conseiller ou conseillère", { exact: false }).waitFor();
  assert.equal(await counsellor.getByRole("checkbox", { name: "J’accepte les conditions d’utilisation de Relais" }).count(), 0, "terms are for seekers");
  await counsellor.locator("#invitation-name").fill("Alex Moreau");
  await counsellor.getByRole("button", { name: "Accepter l’invitation" }).click();
  await counsellor.getByText("Choisissez un mot de passe.").waitFor();
  await counsellor.locator("#invitation-password").fill("Noisetier-Brume-Escalier-58");
  await counsellor.getByRole("button", { name: "Accepter l’invitation" }).click();
  await counsellor.getByRole("heading", { level: 1, name: "Bonjour Alex Moreau" }).waitFor();

  // The counsellor invites a seeker from their caseload page.
  await counsellor.getByRole("link", { name: "Les personnes que j’accompagne" }).click();
  await counsellor.getByText("0 personne", { exact: false }).first().waitFor();
  await counsellor.getByText("Inviter une personne à accompagner").click();
  await counsellor.getByLabel("Adresse électronique de la personne").fill("lou.martin@relais.test");
  await counsellor.getByRole("button", { name: "Envoyer l’invitation" }).click();
  await counsellor.getByText("Invitation envoyée à lou.martin@relais.test.").waitFor();

  const seeker = await newPage(browser, app.url);
  await seeker.goto(linkTo(await smtp.waitFor("lou.martin@relais.test"), "/invitation"));
  await seeker.locator("#invitation-name").fill("Lou Martin");
  // The label holds a link to the terms: a click on the box ticks it.
  const termsBox = seeker.getByRole("checkbox", { name: "J’accepte les conditions d’utilisation de Relais" });
  await seeker.locator(`label[for="${await termsBox.getAttribute("id")}"]`).click({ position: { x: 8, y: 8 } });
  assert.equal(await termsBox.isChecked(), true);
  await seeker.getByText("J’accepte que Mission locale de Metz suive l’avancement", { exact: false }).click();
  await seeker.getByRole("button", { name: "Accepter l’invitation" }).click();
  await seeker.getByRole("heading", { level: 1, name: "Bonjour Lou Martin" }).waitFor();

  // Their own seekers by default: Lou, with Alex as referent; not Sacha.
  await counsellor.reload();
  const api = await (await counsellor.request.get(`${app.url}/api/v1/orgs/${org}/seekers`)).json();
  assert.deepEqual(
    api.seekers.map((line) => [line.user.name, line.referent?.name]),
    [["Lou Martin", "Alex Moreau"]],
  );
  const row = counsellor.locator(`tr[data-seeker="${api.seekers[0].id}"]`);
  await row.waitFor();
  assert.deepEqual((await row.locator("td").allTextContents()).slice(0, 2), ["Profil à remplir", "Alex Moreau"]);
  assert.equal(await counsellor.locator("tbody tr").count(), 1);
  // The whole organisation on request.
  await counsellor.getByLabel("Personnes", { exact: true }).selectOption("all");
  await counsellor.waitForURL(/portee=all/);
  await counsellor.getByRole("link", { name: "Sacha Petit" }).waitFor();
  assert.equal(await counsellor.locator("tbody tr").count(), 2);
  await checkAccessibility(counsellor, "a counsellor's caseload");
  await screenshot(counsellor, "caseload-3-counsellor");
  for (const page of [counsellor, seeker]) assert.deepEqual(page.problems, []);
});
