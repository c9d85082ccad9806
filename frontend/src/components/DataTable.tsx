import { useEffect, useRef, useState, type ReactNode } from "react";

/** A DSFR table (`fr-table`) with its caption; `children` are its
 * `<thead>` and `<tbody>`. A table wider than the screen scrolls
 * sideways: its scrolling box then takes the focus, so the keyboard can
 * scroll it too, and is named after the caption. */
export function DataTable({ caption, testId, children }: { caption: string; testId?: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);

  useEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    const check = () => setScrolls(element.scrollWidth > element.clientWidth);
    const observer = new ResizeObserver(check);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    check();
    return () => observer.disconnect();
  }, []);

  return (
    <div className="fr-table fr-mt-3w" data-testid={testId}>
      <div className="fr-table__wrapper">
        <div
          className="fr-table__container"
          ref={box}
          {...(scrolls ? { tabIndex: 0, role: "region", "aria-label": caption } : {})}
        >
          <div className="fr-table__content">
            <table>
              <caption>{caption}</caption>
              {children}
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}
