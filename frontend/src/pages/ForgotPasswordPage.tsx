import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { api } from "../lib/api";
import { FormAlert } from "../components/FormAlert";
import { useFormErrors } from "../lib/useForm";
import { usePageTitle } from "../lib/usePageTitle";

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t("forgot.title"));
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const form = useFormErrors({ email: "forgot-email" });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!email.trim()) {
      form.reset({ "forgot-email": t("signIn.errors.emailRequired") });
      document.getElementById("forgot-email")?.focus();
      return;
    }
    form.reset();
    try {
      await api.post("/api/v1/auth/password/forgot", { email: email.trim() });
      setSent(true);
    } catch (err) {
      form.fail(err);
    }
  }

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>{t("forgot.heading")}</h1>
        {sent ? (
          <FormAlert severity="success" title={t("forgot.sentTitle")} message={t("forgot.sent")} />
        ) : (
          <>
            <p>{t("forgot.intro")}</p>
            {form.formError && <FormAlert severity="error" message={form.formError} />}
            <form onSubmit={onSubmit} noValidate>
              <Input
                label={t("signIn.email")}
                hintText={t("signIn.emailHint")}
                {...form.state("forgot-email")}
                nativeInputProps={{
                  id: "forgot-email",
                  "aria-invalid": form.invalid("forgot-email"),
                  type: "email",
                  autoComplete: "email",
                  value: email,
                  onChange: (event) => setEmail(event.target.value),
                }}
              />
              <Button type="submit">{t("forgot.submit")}</Button>
            </form>
          </>
        )}
        <p className="fr-mt-4w">
          <Link to="/connexion" className="fr-link fr-icon-arrow-left-line fr-link--icon-left">
            {t("forgot.back")}
          </Link>
        </p>
      </div>
    </div>
  );
}
