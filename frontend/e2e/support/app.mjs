// Starts the real Relais app (the debug binary cargo built) on a free port
// with a database of its own in a temporary folder, serving frontend/dist,
// its emails going to the test SMTP server when one is given.
import { spawn, execFile } from "node:child_process";
import { mkdtempSync, rmSync, existsSync, createWriteStream } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const OUTPUT = path.join(REPO, "frontend", "test-output");

function binary() {
  if (process.env.RELAIS_BIN) return process.env.RELAIS_BIN;
  const target = process.env.CARGO_TARGET_DIR ?? path.join(REPO, "target");
  return path.join(target, "debug", "relais-cli");
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startApp({ smtpPort } = {}) {
  const bin = binary();
  if (!existsSync(bin)) {
    throw new Error(`${bin} is missing: build it with cargo build (or set RELAIS_BIN)`);
  }
  if (!existsSync(path.join(REPO, "frontend", "dist", "index.html"))) {
    throw new Error("frontend/dist is missing: run npm run build first");
  }
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "relais-e2e-"));
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    LOCO_ENV: "development",
    DATABASE_URL: `sqlite://${path.join(dir, "relais.sqlite")}?mode=rwc`,
    PORT: String(port),
    BINDING: "127.0.0.1",
    HOST: url,
    RELAIS_IMPORT_REPORT_DIR: path.join(dir, "import-reports"),
    LOG_LEVEL: "warn",
    // Without a test SMTP server, emails are only recorded (the stub).
    ...(smtpPort
      ? { MAILER_STUB: "false", MAILER_HOST: "127.0.0.1", MAILER_PORT: String(smtpPort), MAILER_TLS: "none" }
      : { MAILER_STUB: "true" }),
  };
  const log = createWriteStream(path.join(dir, "app.log"));
  const child = spawn(bin, ["start"], { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  child.on("exit", (code) => (exited = code));

  // Ready once the data is imported: Metz has bakeries.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exited !== null) {
      throw new Error(`the app exited with ${exited}; see ${path.join(dir, "app.log")}`);
    }
    try {
      const response = await fetch(`${url}/api/v1/companies?rome=D1102&postcode=57000&limit=1`);
      if (response.ok && (await response.json()).total > 0) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the app did not answer within 3 minutes; see ${dir}/app.log`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  /** Runs a `cargo loco task` with the app's settings, on its database. */
  async function task(...args) {
    const { stdout } = await promisify(execFile)(bin, ["task", ...args], { cwd: REPO, env });
    return stdout;
  }

  async function stop() {
    if (exited === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    if (!process.env.RELAIS_E2E_KEEP) rmSync(dir, { recursive: true, force: true });
  }

  return { url, task, stop, dir };
}
