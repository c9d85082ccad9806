import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router-dom";
import { OutboxPage } from "./OutboxPage";
import { AuthProvider } from "../lib/auth";
import { fakeFetch, renderWithApp } from "../test/render";

const ME = {
  user: { id: "u1", email: "camille@relais.test", name: "Camille Martin" },
  is_platform_admin: true,
  organisations: [],
  csrf_token: "csrf-p",
};

function message(id: number, state: string, last_error: string | null = null) {
  return {
    id,
    kind: "invitation",
    recipient: `person${id}@relais.test`,
    subject: "Mission locale de Metz vous invite sur Relais",
    state,
    attempts: state === "failed" ? 5 : 1,
    last_error,
    next_attempt_at: "2026-12-04T10:00:00Z",
    sent_at: state === "sent" ? "2026-12-04T10:00:00Z" : null,
    created_at: "2026-12-04T09:00:00Z",
  };
}

afterEach(() => vi.unstubAllGlobals());

describe("OutboxPage", () => {
  it("lists the emails with their state, filters them, and retries a failed one", async () => {
    const { fetch, calls } = fakeFetch((url, init) => {
      if (url.pathname === "/api/v1/auth/me") return { status: 200, body: ME };
      if (url.pathname === "/api/v1/outbox/7/retry" && init?.method === "POST") return { status: 200, body: message(7, "sent") };
      if (url.pathname === "/api/v1/outbox") {
        const all = [message(7, "failed", "connection refused"), message(6, "sent")];
        const state = url.searchParams.get("state");
        return { status: 200, body: state ? all.filter((m) => m.state === state) : all };
      }
      return { status: 404, body: { error: "not_found", message: "no" } };
    });
    vi.stubGlobal("fetch", fetch);
    renderWithApp(
      <AuthProvider>
        <Routes>
          <Route path="/administration/e-mails" element={<OutboxPage />} />
        </Routes>
      </AuthProvider>,
      { path: "/administration/e-mails" },
    );

    const table = await screen.findByRole("table", { name: "2 e-mails, le plus récent en premier" });
    const failed = within(table).getByRole("rowheader", { name: "person7@relais.test" }).closest("tr")!;
    expect(failed).toHaveTextContent("En échec");
    expect(failed).toHaveTextContent("connection refused");
    expect(within(table).getByRole("rowheader", { name: "person6@relais.test" }).closest("tr")).toHaveTextContent("Envoyé");
    expect(within(table).getAllByRole("button", { name: "Réessayer" })).toHaveLength(1);

    await userEvent.selectOptions(screen.getByLabelText("État"), "failed");
    await screen.findByRole("table", { name: "1 e-mail, le plus récent en premier" });
    expect(calls.at(-1)?.url.search).toBe("?state=failed");

    await userEvent.click(screen.getByRole("button", { name: "Réessayer" }));
    await screen.findByText("E-mail à person7@relais.test remis en file : Envoyé.");
    const retry = calls.find((call) => call.init?.method === "POST");
    expect((retry?.init?.headers as Record<string, string>)["X-CSRF-Token"]).toBe("csrf-p");
    await waitFor(() => expect(screen.queryByRole("button", { name: "Réessayer" })).toBeNull());
  });
});
