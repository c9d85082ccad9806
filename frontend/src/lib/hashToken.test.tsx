import { describe, expect, it } from "vitest";
import { act, render, screen } from "@testing-library/react";
import { MemoryRouter, useLocation, useNavigate } from "react-router-dom";
import { tokenOf, useHashToken } from "./hashToken";

/** Shows the hook's token and the address, and follows an anchor as a
 * skip link does (the hash changes, the page stays). */
function Probe() {
  const token = useHashToken();
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <>
      <p data-testid="token">{token ?? "none"}</p>
      <p data-testid="hash">{location.hash}</p>
      <div id="formulaire" />
      <button onClick={() => navigate({ hash: "#formulaire" })}>anchor</button>
      <button onClick={() => navigate({ hash: "#contenu" })}>skip</button>
      <button onClick={() => navigate({ hash: "#nouveau-jeton" })}>new link</button>
    </>
  );
}

function renderAt(path: string) {
  render(
    <MemoryRouter initialEntries={[path]}>
      <Probe />
    </MemoryRouter>,
  );
}

describe("tokenOf", () => {
  it("reads a token, decoded and trimmed", () => {
    expect(tokenOf("#abc%2Ddef ")).toBe("abc-def");
    expect(tokenOf("")).toBeNull();
    expect(tokenOf("#")).toBeNull();
  });

  it("takes the skip links' targets and the page's ids for anchors", () => {
    expect(tokenOf("#contenu")).toBeNull();
    expect(tokenOf("#pied-de-page")).toBeNull();
    const page = { getElementById: (id: string) => (id === "resultats" ? document.createElement("div") : null) };
    expect(tokenOf("#resultats", page)).toBeNull();
    expect(tokenOf("#Xy_12-ab", page)).toBe("Xy_12-ab");
  });

  it("refuses a hash that does not decode", () => {
    expect(tokenOf("#%E0%A4%A")).toBeNull();
  });
});

describe("useHashToken", () => {
  it("takes the token and clears it from the address", () => {
    renderAt("/invitation#jeton-reel");
    expect(screen.getByTestId("token")).toHaveTextContent("jeton-reel");
    expect(screen.getByTestId("hash")).toBeEmptyDOMElement();
  });

  it("keeps the token when a skip link or an anchor of the page changes the hash", () => {
    renderAt("/invitation#jeton-reel");
    act(() => screen.getByText("skip").click());
    expect(screen.getByTestId("token")).toHaveTextContent("jeton-reel");
    expect(screen.getByTestId("hash")).toHaveTextContent("#contenu");
    act(() => screen.getByText("anchor").click());
    expect(screen.getByTestId("token")).toHaveTextContent("jeton-reel");
  });

  it("has no token on a page opened at a skip link's target", () => {
    renderAt("/connexion#contenu");
    expect(screen.getByTestId("token")).toHaveTextContent("none");
    expect(screen.getByTestId("hash")).toHaveTextContent("#contenu");
  });

  it("takes the new token of a link opened again in the same tab", () => {
    renderAt("/invitation#jeton-reel");
    act(() => screen.getByText("new link").click());
    expect(screen.getByTestId("token")).toHaveTextContent("nouveau-jeton");
  });
});
