import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

export type AutocompleteProps<T> = {
  id: string;
  label: string;
  hint?: string;
  /** The text in the field. */
  text: string;
  onTextChange: (text: string) => void;
  /** Suggestions for a text of at least `minChars` characters. */
  suggest: (text: string, signal: AbortSignal) => Promise<T[]>;
  itemLabel: (item: T) => string;
  itemKey: (item: T) => string;
  /** Secondary text shown under a suggestion. */
  itemDetail?: (item: T) => string | undefined;
  onSelect: (item: T) => void;
  error?: string | null;
  minChars?: number;
  debounceMs?: number;
  autoComplete?: string;
};

/**
 * A text field with a list of suggestions, following the ARIA combobox
 * pattern: arrows move through the suggestions, Enter picks one, Escape
 * closes the list, and a live region says how many there are.
 */
export function Autocomplete<T>({
  id,
  label,
  hint,
  text,
  onTextChange,
  suggest,
  itemLabel,
  itemKey,
  itemDetail,
  onSelect,
  error,
  minChars = 2,
  debounceMs = 200,
  autoComplete = "off",
}: AutocompleteProps<T>) {
  const { t } = useTranslation();
  const listId = useId();
  const [items, setItems] = useState<T[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState("");
  // Set when a suggestion is picked, so the text it puts in the field does
  // not ask for suggestions again.
  const picked = useRef(false);
  const typed = useRef(false);

  useEffect(() => {
    if (picked.current || !typed.current) {
      picked.current = false;
      return;
    }
    if (text.trim().length < minChars) {
      setItems([]);
      setOpen(false);
      setStatus("");
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      suggest(text.trim(), controller.signal)
        .then((found) => {
          setItems(found);
          setActive(-1);
          setOpen(true);
          setStatus(t("autocomplete.count", { count: found.length }));
        })
        .catch((err) => {
          if (!(err instanceof DOMException && err.name === "AbortError")) {
            setItems([]);
            setOpen(false);
            setStatus(t("autocomplete.failed"));
          }
        });
    }, debounceMs);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
    // `suggest` and `t` are stable enough; the text drives the requests.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, minChars, debounceMs]);

  function pick(item: T) {
    picked.current = true;
    onTextChange(itemLabel(item));
    onSelect(item);
    setOpen(false);
    setActive(-1);
    setStatus(t("autocomplete.picked", { label: itemLabel(item) }));
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" && items.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((index) => (index + 1) % items.length);
    } else if (event.key === "ArrowUp" && items.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((index) => (index <= 0 ? items.length - 1 : index - 1));
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      pick(items[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  }

  const expanded = open && items.length > 0;
  const optionId = (index: number) => `${id}-option-${index}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;

  return (
    <div className={`fr-input-group relais-combobox${error ? " fr-input-group--error" : ""}`}>
      <label className="fr-label" htmlFor={id}>
        {label}
        {hint && (
          <span className="fr-hint-text" id={hintId}>
            {hint}
          </span>
        )}
      </label>
      <div className="relais-combobox__wrap">
        <input
          id={id}
          className={`fr-input${error ? " fr-input--error" : ""}`}
          type="text"
          role="combobox"
          autoComplete={autoComplete}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          aria-describedby={error ? errorId : undefined}
          aria-invalid={error ? true : undefined}
          value={text}
          onChange={(event) => {
            typed.current = true;
            picked.current = false;
            onTextChange(event.target.value);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
          onFocus={() => items.length > 0 && typed.current && setOpen(true)}
        />
        <ul
          id={listId}
          role="listbox"
          aria-label={label}
          className="relais-combobox__list"
          hidden={!expanded}
        >
          {items.map((item, index) => {
            const detail = itemDetail?.(item);
            return (
              <li
                key={itemKey(item)}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                className={index === active ? "relais-combobox__option--active" : undefined}
                // Keep the focus in the field while the pointer picks.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => pick(item)}
              >
                <span>{itemLabel(item)}</span>
                {detail && <span className="fr-hint-text">{detail}</span>}
              </li>
            );
          })}
        </ul>
      </div>
      {error && (
        <p className="fr-error-text" id={errorId}>
          {error}
        </p>
      )}
      <p className="fr-sr-only" aria-live="polite" role="status">
        {status}
      </p>
    </div>
  );
}
