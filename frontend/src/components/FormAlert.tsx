import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { useEffect, useRef } from "react";

/** An error or a confirmation above a form, focused when it appears so a
 * screen reader reads it at once. */
export function FormAlert({
  severity,
  title,
  message,
}: {
  severity: "error" | "success" | "info";
  title?: string;
  message: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const role = severity === "error" ? "alert" : "status";
  useEffect(() => {
    ref.current?.focus();
  }, [message]);
  return (
    <div ref={ref} tabIndex={-1} className="fr-mb-3w">
      {title ? (
        <Alert severity={severity} role={role} title={title} description={message} />
      ) : (
        <Alert severity={severity} role={role} small description={message} />
      )}
    </div>
  );
}
