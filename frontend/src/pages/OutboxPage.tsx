import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { api, type OutboxMessage } from "../lib/api";
import { showError } from "../lib/errors";
import { FormAlert } from "../components/FormAlert";
import { PlatformArea } from "../components/PlatformArea";
import { DataTable } from "../components/DataTable";

const STATES = ["failed", "pending", "sending", "sent"] as const;
const BADGES: Record<string, string> = { failed: "fr-badge--error", pending: "fr-badge--info", sending: "fr-badge--info", sent: "fr-badge--success" };

/** /administration/e-mails: the latest 200 emails of the outbox, failed
 * ones with their error and a button to try again (platform admin). */
export function OutboxPage() {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState("");
  const [messages, setMessages] = useState<OutboxMessage[] | null>(null);
  const [notice, setNotice] = useState<{ severity: "success" | "error"; message: string } | null>(null);
  const dateFormat = useMemo(
    () => new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: "medium", timeStyle: "short" }),
    [i18n.resolvedLanguage],
  );

  useEffect(() => {
    const controller = new AbortController();
    setMessages(null);
    api
      .get<OutboxMessage[]>("/api/v1/outbox", { state }, controller.signal)
      .then(setMessages)
      .catch((err) => {
        if (!(err instanceof DOMException && err.name === "AbortError")) setNotice({ severity: "error", message: showError(err, t).message });
      });
    return () => controller.abort();
  }, [state, t]);

  async function retry(message: OutboxMessage) {
    setNotice(null);
    try {
      const updated = await api.post<OutboxMessage>(`/api/v1/outbox/${message.id}/retry`);
      setMessages((current) => current?.map((m) => (m.id === updated.id ? updated : m)) ?? null);
      setNotice({ severity: "success", message: t("outbox.retried", { recipient: message.recipient, state: t(`outbox.states.${updated.state}`) }) });
    } catch (err) {
      setNotice({ severity: "error", message: showError(err, t).message });
    }
  }

  return (
    <PlatformArea title={t("platform.outbox.title")}>
      <p>{t("outbox.intro")}</p>
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-6">
          <Select label={t("outbox.state")} nativeSelectProps={{ id: "outbox-state", value: state, onChange: (event) => setState(event.target.value) }}>
            <option value="">{t("outbox.allStates")}</option>
            {STATES.map((value) => (
              <option key={value} value={value}>
                {t(`outbox.states.${value}`)}
              </option>
            ))}
          </Select>
        </div>
      </div>
      {notice && <FormAlert severity={notice.severity} message={notice.message} />}
      {!messages && !notice && <p role="status">{t("app.loading")}</p>}
      {messages && messages.length === 0 && <p>{t("outbox.none")}</p>}
      {messages && messages.length > 0 && (
        <DataTable caption={t("outbox.caption", { count: messages.length })} testId="outbox">
          <thead>
            <tr>
              <th scope="col">{t("outbox.columns.created")}</th>
              <th scope="col">{t("outbox.columns.recipient")}</th>
              <th scope="col">{t("outbox.columns.subject")}</th>
              <th scope="col">{t("outbox.columns.state")}</th>
              <th scope="col">{t("outbox.columns.attempts")}</th>
              <th scope="col">{t("outbox.columns.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((message) => (
              <tr key={message.id} data-message={message.id}>
                <td>{dateFormat.format(new Date(message.created_at))}</td>
                <th scope="row">{message.recipient}</th>
                <td>
                  {message.subject}
                  <br />
                  <span className="fr-text--xs">{t(`outbox.kinds.${message.kind}`, { defaultValue: message.kind })}</span>
                </td>
                <td className="relais-cell-wrap">
                  <span className={`fr-badge fr-badge--sm ${BADGES[message.state] ?? ""}`}>
                    {t(`outbox.states.${message.state}`, { defaultValue: message.state })}
                  </span>
                  {message.sent_at && <p className="fr-text--xs fr-mb-0">{t("outbox.sentAt", { date: dateFormat.format(new Date(message.sent_at)) })}</p>}
                  {message.last_error && <p className="fr-text--xs fr-mb-0">{message.last_error}</p>}
                </td>
                <td>{message.attempts}</td>
                <td>
                  {message.state === "failed" && (
                    <Button size="small" priority="secondary" onClick={() => void retry(message)} title={t("outbox.retryTo", { recipient: message.recipient })}>
                      {t("outbox.retry")}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </PlatformArea>
  );
}
