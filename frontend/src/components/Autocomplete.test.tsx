import { describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { Autocomplete } from "./Autocomplete";
import { renderWithApp } from "../test/render";

type Job = { rome: string; label: string };
const JOBS: Job[] = [
  { rome: "D1102", label: "Boulanger / Boulangère" },
  { rome: "D1102", label: "Boulanger-pâtissier / Boulangère-pâtissière" },
  { rome: "D1106", label: "Vendeur / Vendeuse en boulangerie-pâtisserie" },
];

function Harness({ suggest, onSelect }: { suggest: (q: string) => Promise<Job[]>; onSelect: (job: Job) => void }) {
  const [text, setText] = useState("");
  return (
    <Autocomplete<Job>
      id="job"
      label="Métier recherché"
      text={text}
      onTextChange={setText}
      suggest={suggest}
      itemLabel={(job) => job.label}
      itemKey={(job) => job.label}
      itemDetail={(job) => job.rome}
      onSelect={onSelect}
      debounceMs={0}
    />
  );
}

describe("Autocomplete", () => {
  it("asks for suggestions from two characters and lists them as options", async () => {
    const suggest = vi.fn(async (q: string) => JOBS.filter((job) => job.label.toLowerCase().includes(q)));
    renderWithApp(<Harness suggest={suggest} onSelect={() => {}} />);
    const input = screen.getByRole("combobox", { name: "Métier recherché" });

    await userEvent.type(input, "b");
    expect(suggest).not.toHaveBeenCalled();
    expect(input).toHaveAttribute("aria-expanded", "false");

    await userEvent.type(input, "oulang");
    await waitFor(() => expect(screen.getAllByRole("option")).toHaveLength(3));
    expect(suggest).toHaveBeenLastCalledWith("boulang", expect.any(AbortSignal));
    expect(input).toHaveAttribute("aria-expanded", "true");
    expect(screen.getAllByRole("option").map((option) => option.textContent)).toEqual([
      "Boulanger / BoulangèreD1102",
      "Boulanger-pâtissier / Boulangère-pâtissièreD1102",
      "Vendeur / Vendeuse en boulangerie-pâtisserieD1106",
    ]);
    expect(screen.getByRole("status")).toHaveTextContent("3 suggestions");
  });

  it("moves with the arrows and picks with Enter", async () => {
    const onSelect = vi.fn();
    renderWithApp(<Harness suggest={async () => JOBS} onSelect={onSelect} />);
    const input = screen.getByRole("combobox");
    await userEvent.type(input, "boul");
    await waitFor(() => expect(screen.getAllByRole("option")).toHaveLength(3));

    await userEvent.keyboard("{ArrowDown}{ArrowDown}");
    const second = screen.getAllByRole("option")[1];
    expect(second).toHaveAttribute("aria-selected", "true");
    expect(input).toHaveAttribute("aria-activedescendant", second.id);

    await userEvent.keyboard("{ArrowUp}{ArrowUp}");
    expect(screen.getAllByRole("option")[2]).toHaveAttribute("aria-selected", "true");

    await userEvent.keyboard("{ArrowDown}{Enter}");
    expect(onSelect).toHaveBeenCalledWith(JOBS[0]);
    expect(input).toHaveValue("Boulanger / Boulangère");
    expect(input).toHaveAttribute("aria-expanded", "false");
    expect(screen.getByRole("status")).toHaveTextContent("Choisi : Boulanger / Boulangère");
  });

  it("closes with Escape without picking, and picks with a click", async () => {
    const onSelect = vi.fn();
    renderWithApp(<Harness suggest={async () => JOBS} onSelect={onSelect} />);
    const input = screen.getByRole("combobox");
    await userEvent.type(input, "vend");
    await waitFor(() => expect(screen.getAllByRole("option")).toHaveLength(3));

    await userEvent.keyboard("{Escape}");
    expect(input).toHaveAttribute("aria-expanded", "false");
    expect(onSelect).not.toHaveBeenCalled();
    expect(input).toHaveValue("vend");

    await userEvent.type(input, "e");
    await waitFor(() => expect(input).toHaveAttribute("aria-expanded", "true"));
    await userEvent.click(screen.getByRole("option", { name: /Vendeur/ }));
    expect(onSelect).toHaveBeenCalledWith(JOBS[2]);
    expect(input).toHaveValue("Vendeur / Vendeuse en boulangerie-pâtisserie");
  });

  it("shows its error under the field and points the field at it", () => {
    renderWithApp(
      <Autocomplete<Job>
        id="place"
        label="Lieu"
        text="Metzz"
        onTextChange={() => {}}
        suggest={async () => []}
        itemLabel={(job) => job.label}
        itemKey={(job) => job.label}
        onSelect={() => {}}
        error="Choisissez une commune dans la liste des suggestions."
      />,
    );
    const input = screen.getByRole("combobox", { name: "Lieu" });
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription("Choisissez une commune dans la liste des suggestions.");
  });
});
