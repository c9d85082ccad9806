// The public company search, as a visitor without an account uses it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startApp } from "./support/app.mjs";
import { checkAccessibility, launch, newPage, screenshot, skipLinksReady } from "./support/browser.mjs";

let app, browser;

before(async () => {
  app = await startApp();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

/** Types `text` in the combobox named `name` and picks the suggestion
 * whose text starts with `pick`. */
async function choose(page, name, text, pick) {
  const field = page.getByRole("combobox", { name });
  await field.fill(text);
  const list = page.getByRole("listbox", { name });
  await list.getByRole("option").first().waitFor();
  await list.getByRole("option", { name: new RegExp(`^${pick}`) }).first().click();
  return field;
}

test("a visitor finds bakeries around Metz, ranked as the API ranks them", async () => {
  const page = await newPage(browser, app.url);
  await page.goto(app.url + "/");
  assert.equal(await page.title(), "Trouver des entreprises qui recrutent — Relais");
  assert.equal(await page.locator("html").getAttribute("lang"), "fr");
  await checkAccessibility(page, "the empty search page");

  const job = await choose(page, /Métier recherché/, "boulang", "Boulanger / Boulangère");
  assert.equal(await job.inputValue(), "Boulanger / Boulangère");
  await screenshot(page, "search-1-job-picked");
  const place = await choose(page, /Lieu/, "metz", "METZ \\(57000\\)");
  assert.equal(await place.inputValue(), "METZ (57000)");
  await page.getByRole("button", { name: "Rechercher" }).click();

  const heading = page.locator("#results-heading");
  await heading.filter({ hasText: "entreprises" }).waitFor();
  const api = await (
    await fetch(`${app.url}/api/v1/companies?rome=D1102&commune=57463&distance_km=10&page=1&limit=20`)
  ).json();
  assert.ok(api.total > 20, `Metz has more than one page of bakeries (${api.total})`);
  assert.equal(
    await heading.textContent(),
    `${api.total} entreprises susceptibles d’embaucher autour de METZ (57000)`,
  );
  const names = await page.locator(".relais-company h3").allTextContents();
  assert.equal(names.length, 20);
  assert.equal(names[0], api.companies[0].trade_name || api.companies[0].name);
  assert.deepEqual(names, api.companies.map((company) => company.trade_name || company.name));

  const first = page.locator(".relais-company").first();
  assert.equal(await first.getAttribute("data-siret"), api.companies[0].siret);
  assert.equal(
    await first.getByRole("img").getAttribute("aria-label"),
    `${api.companies[0].stars} étoile${api.companies[0].stars > 1 ? "s" : ""} sur 5`,
  );
  assert.match(await first.textContent(), new RegExp(api.companies[0].address));
  assert.equal(await page.locator(".relais-map path.leaflet-interactive").count(), 21, "20 companies and the place");
  assert.equal(await page.title(), "Boulanger / Boulangère autour de METZ (57000) — Relais");
  await screenshot(page, "search-2-results");
  await checkAccessibility(page, "the search results");

  // The next page, by its link: the address holds the search.
  await page.getByRole("link", { name: "Page suivante" }).click();
  await page.waitForURL(/page=2/);
  const api2 = await (
    await fetch(`${app.url}/api/v1/companies?rome=D1102&commune=57463&distance_km=10&page=2&limit=20`)
  ).json();
  await page.locator(`.relais-company[data-siret="${api2.companies[0].siret}"]`).waitFor();
  assert.equal(await page.locator(".relais-company h3").first().textContent(), api2.companies[0].trade_name || api2.companies[0].name);
  assert.deepEqual(page.problems, []);
});

test("filters and order reach the API, and an empty answer says so", async () => {
  const page = await newPage(browser, app.url);
  await page.goto(
    app.url + "/?rome=D1102&metier=Boulanger&commune=57463&lieu=METZ+%2857000%29&distance=5&tri=distance&taille=small",
  );
  await page.locator(".relais-company").first().waitFor();
  const api = await (
    await fetch(
      `${app.url}/api/v1/companies?rome=D1102&commune=57463&distance_km=5&sort=distance&headcount_min=11&headcount_max=12&limit=20`,
    )
  ).json();
  assert.ok(api.total > 0);
  const distances = api.companies.map((company) => company.distance_km);
  assert.deepEqual(distances, [...distances].sort((a, b) => a - b), "nearest first");
  assert.deepEqual(
    await page.locator(".relais-company").evaluateAll((cards) => cards.map((card) => card.dataset.siret)),
    api.companies.map((company) => company.siret),
  );
  await page.getByText("Filtres et tri").click();
  assert.equal(await page.getByLabel("Taille de l’entreprise").inputValue(), "small");
  assert.equal(await page.getByLabel("Trier par").inputValue(), "distance");

  // Every flag at once, 5 km around a village: nothing, and it says so.
  const flags = "junior,senior,handicap,alternance,poe_afpr,pmsmp";
  await page.goto(app.url + `/?rome=D1102&metier=Boulanger&postcode=57000&code_postal=57000&lieu=57000&distance=5&criteres=${flags}`);
  await page.getByText("Aucune entreprise de ce métier dans ce rayon.", { exact: false }).waitFor();
  assert.match(await page.locator("#results-heading").textContent(), /^0 entreprise susceptible/);
  await checkAccessibility(page, "an empty answer");
  assert.deepEqual(page.problems, []);
});

test("the form says what is missing next to each field, and the API's refusals too", async () => {
  const page = await newPage(browser, app.url);
  await page.goto(app.url + "/");
  await page.getByRole("button", { name: "Rechercher" }).click();
  const job = page.getByRole("combobox", { name: /Métier recherché/ });
  assert.equal(await job.getAttribute("aria-invalid"), "true");
  assert.equal(await job.evaluate((el) => el === document.activeElement), true, "the first wrong field has the focus");
  assert.match(await page.locator("#search-job-error").textContent(), /Indiquez un métier/);
  assert.match(await page.locator("#search-place-error").textContent(), /Indiquez une commune ou un code postal/);

  // A typed text that is not a suggestion.
  await job.fill("plombier de rêve");
  await page.getByRole("button", { name: "Rechercher" }).click();
  assert.equal(await page.locator("#search-job-error").textContent(), "Choisissez un métier dans la liste des suggestions.");
  await screenshot(page, "search-3-field-errors");
  await checkAccessibility(page, "the form with its errors");

  // A postcode nobody has: the API names the field, the form shows it there.
  await page.goto(app.url + "/?rome=D1102&metier=Boulanger&code_postal=99999&lieu=99999");
  const placeError = page.locator("#search-place-error");
  await placeError.waitFor();
  assert.equal(await placeError.textContent(), "Ce code postal est inconnu.");
  assert.equal(await page.getByRole("combobox", { name: /Lieu/ }).getAttribute("aria-describedby"), "search-place-error");
  assert.deepEqual(page.problems, []);
});

test("the search form is reached and used with the keyboard alone", async () => {
  const page = await newPage(browser, app.url);
  await page.goto(app.url + "/");
  // Once React drew the page: a Tab pressed before lands on <body>.
  await skipLinksReady(page);
  await page.getByRole("button", { name: "Rechercher" }).waitFor();
  // From the top of the page: the skip links come first.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Contenu");
  await page.keyboard.press("Enter");
  const order = [];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press("Tab");
    // Fields by their id, buttons and links by their text.
    order.push(
      await page.evaluate(() => {
        const element = document.activeElement;
        return element.id.startsWith("search-") ? element.id : element.textContent.trim();
      }),
    );
  }
  assert.deepEqual(order.slice(0, 3), ["search-job", "search-place", "search-distance"]);
  assert.equal(order[3], "Filtres et tri");
  assert.equal(order[4], "Rechercher");

  // Job and place picked with the arrows and Enter, submitted with Enter.
  await page.focus("#search-job");
  await page.keyboard.type("boulang");
  await page.getByRole("listbox", { name: /Métier/ }).getByRole("option").first().waitFor();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  assert.equal(await page.inputValue("#search-job"), "Boulanger / Boulangère");
  await page.keyboard.press("Tab");
  await page.keyboard.type("metz");
  await page.getByRole("listbox", { name: /Lieu/ }).getByRole("option").first().waitFor();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  assert.equal(await page.inputValue("#search-place"), "METZ (57000)");
  await page.keyboard.press("Enter");
  await page.locator(".relais-company").first().waitFor();
  assert.match(page.url(), /rome=D1102/);
  assert.match(page.url(), /commune=57463/);
  assert.deepEqual(page.problems, []);
});

test("the interface switches to English and stays so", async () => {
  const page = await newPage(browser, app.url);
  await page.goto(app.url + "/");
  // Once the DSFR's script bound the language menu's button (it marks the
  // buttons it drives): a click before that opens nothing.
  await skipLinksReady(page);
  await page.locator(`button[title="Sélectionner la langue"][data-fr-js-collapse-button="true"]:visible`).click();
  await page.getByRole("link", { name: "en - English" }).click();
  await page.getByRole("heading", { level: 1, name: "Find companies that hire" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  assert.equal(await page.title(), "Find companies that hire — Relais");
  await page.reload();
  await page.getByRole("button", { name: "Search" }).waitFor();
  await checkAccessibility(page, "the search page in English");
  await screenshot(page, "search-4-english");
  assert.deepEqual(page.problems, []);
});

test("a phone shows the same results", async () => {
  const page = await newPage(browser, app.url, { viewport: { width: 390, height: 844 } });
  await page.goto(app.url + "/?rome=D1102&metier=Boulanger&commune=57463&lieu=METZ+%2857000%29&distance=10");
  await page.locator(".relais-company").first().waitFor();
  assert.equal(await page.locator(".relais-company").count(), 20);
  await checkAccessibility(page, "the results on a phone");
  await screenshot(page, "search-5-phone");
  assert.deepEqual(page.problems, []);
});
