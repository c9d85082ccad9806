import { useRef } from "react";
import { useIsModalOpen } from "@codegouvfr/react-dsfr/Modal/useIsModalOpen";

type Modal = { id: string; isOpenedByDefault: boolean; open: () => void };

/**
 * Opens a DSFR modal from code and, once it closes (Escape, a button,
 * the close link), gives the focus back to what had it, as a keyboard
 * user expects. The DSFR does so only for its own disclosure buttons.
 */
export function useModalOpener(modal: Modal): () => void {
  const opener = useRef<HTMLElement | null>(null);
  useIsModalOpen(modal, {
    onConceal: () => {
      const element = opener.current;
      opener.current = null;
      // After the DSFR's own focus handling.
      window.setTimeout(() => element?.focus(), 0);
    },
  });
  return () => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    modal.open();
  };
}
