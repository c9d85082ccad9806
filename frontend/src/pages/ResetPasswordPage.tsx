import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { api, type Me } from "../lib/api";
import { useAuth } from "../lib/auth";
import { FormAlert } from "../components/FormAlert";
import { MIN_PASSWORD_LENGTH, NewPassword } from "../components/NewPassword";
import { useFormErrors } from "../lib/useForm";
import { usePageTitle } from "../lib/usePageTitle";
import { useHashToken } from "../lib/hashToken";

/** /mot-de-passe#<token>: the link of a password reset or of a new platform
 * admin's welcome email. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t("reset.title"));
  const { signedIn } = useAuth();
  const navigate = useNavigate();
  const token = useHashToken();
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useFormErrors({ password: "reset-password", token: "reset-password" });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (password.length < MIN_PASSWORD_LENGTH) {
      form.reset({ "reset-password": t("password.tooShort", { count: MIN_PASSWORD_LENGTH }) });
      document.getElementById("reset-password")?.focus();
      return;
    }
    form.reset();
    setBusy(true);
    try {
      const me = await api.post<Me>("/api/v1/auth/password/reset", { token, password });
      signedIn(me);
      navigate("/espace", { replace: true, state: { passwordChanged: true } });
    } catch (err) {
      form.fail(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>{t("reset.heading")}</h1>
        {!token ? (
          <>
            <FormAlert severity="error" message={t("reset.noToken")} />
            <Link to="/mot-de-passe/oubli" className="fr-link">
              {t("reset.askAgain")}
            </Link>
          </>
        ) : (
          <>
            <p>{t("reset.intro")}</p>
            {form.formError && (
              <>
                <FormAlert severity="error" message={form.formError} />
                <p>
                  <Link to="/mot-de-passe/oubli" className="fr-link">
                    {t("reset.askAgain")}
                  </Link>
                </p>
              </>
            )}
            <form onSubmit={onSubmit} noValidate>
              <NewPassword
                id="reset-password"
                value={password}
                onChange={setPassword}
                error={form.fieldErrors["reset-password"]}
              />
              <Button type="submit" className="fr-mt-3w" disabled={busy}>
                {t("reset.submit")}
              </Button>
            </form>
          </>
        )}
      </div>
    </div>
  );
}
