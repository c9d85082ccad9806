import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { PasswordInput } from "@codegouvfr/react-dsfr/blocks/PasswordInput";
import { api, type Me } from "../lib/api";
import { useAuth } from "../lib/auth";
import { FormAlert } from "../components/FormAlert";
import { useFormErrors } from "../lib/useForm";
import { usePageTitle } from "../lib/usePageTitle";
import { showError } from "../lib/errors";
import { useHashToken } from "../lib/hashToken";

type LocationState = { from?: string; signedOut?: boolean } | null;

export function SignInPage() {
  const { t } = useTranslation();
  usePageTitle(t("signIn.title"));
  const { me, signedIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const state = location.state as LocationState;
  const next = state?.from ?? "/espace";

  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useFormErrors({ email: "signin-email", password: "signin-password" });

  const [linkEmail, setLinkEmail] = useState("");
  const [linkSent, setLinkSent] = useState(false);
  const linkForm = useFormErrors({ email: "magic-email" });

  const [magic, setMagic] = useState<{ state: "checking" } | { state: "failed"; message: string } | null>(null);
  const token = useHashToken();
  const usedToken = useRef<string | null>(null);

  // A sign-in link from an email: /connexion#<token>. Each token is tried
  // once.
  useEffect(() => {
    if (!token || usedToken.current === token) return;
    usedToken.current = token;
    setMagic({ state: "checking" });
    api
      .post<Me>("/api/v1/auth/magic_link/sign_in", { token })
      .then((signed) => {
        signedIn(signed);
        navigate("/espace", { replace: true });
      })
      .catch((err) => setMagic({ state: "failed", message: showError(err, t).message }));
  }, [token, navigate, signedIn, t]);

  async function onSignIn(event: FormEvent) {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!email.trim()) missing["signin-email"] = t("signIn.errors.emailRequired");
    if (!password) missing["signin-password"] = t("signIn.errors.passwordRequired");
    form.reset(missing);
    if (Object.keys(missing).length > 0) {
      document.getElementById(Object.keys(missing)[0])?.focus();
      return;
    }
    setBusy(true);
    try {
      const signed = await api.post<Me>("/api/v1/auth/sign_in", { email: email.trim(), password });
      signedIn(signed);
      navigate(next, { replace: true });
    } catch (err) {
      form.fail(err);
    } finally {
      setBusy(false);
    }
  }

  async function onMagicLink(event: FormEvent) {
    event.preventDefault();
    if (!linkEmail.trim()) {
      linkForm.reset({ "magic-email": t("signIn.errors.emailRequired") });
      document.getElementById("magic-email")?.focus();
      return;
    }
    linkForm.reset();
    try {
      await api.post("/api/v1/auth/magic_link", { email: linkEmail.trim() });
      setLinkSent(true);
    } catch (err) {
      linkForm.fail(err);
    }
  }

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>{t("signIn.heading")}</h1>
        {state?.signedOut && <FormAlert severity="success" message={t("signIn.signedOut")} />}
        {magic?.state === "checking" && <p role="status">{t("signIn.magicChecking")}</p>}
        {magic?.state === "failed" && <FormAlert severity="error" message={magic.message} />}
        {me && (
          <p>
            {t("signIn.already", { name: me.user.name })} <Link to="/espace">{t("signIn.goToSpace")}</Link>
          </p>
        )}

        <section aria-labelledby="password-heading" className="fr-mb-6w">
          <h2 id="password-heading" className="fr-h4">
            {t("signIn.passwordHeading")}
          </h2>
          {form.formError && <FormAlert severity="error" message={form.formError} />}
          <form onSubmit={onSignIn} noValidate>
            <Input
              label={t("signIn.email")}
              hintText={t("signIn.emailHint")}
              {...form.state("signin-email")}
              nativeInputProps={{
                id: "signin-email",
                "aria-invalid": form.invalid("signin-email"),
                type: "email",
                autoComplete: "email",
                value: email,
                onChange: (event) => setEmail(event.target.value),
              }}
            />
            <PasswordInput
              label={t("signIn.password")}
              messagesHint=""
              messages={
                form.fieldErrors["signin-password"]
                  ? [{ message: form.fieldErrors["signin-password"], severity: "error" }]
                  : []
              }
              nativeInputProps={{
                id: "signin-password",
                "aria-invalid": form.invalid("signin-password"),
                autoComplete: "current-password",
                value: password,
                onChange: (event) => setPassword(event.target.value),
              }}
            />
            <p className="fr-mt-2w">
              <Link to="/mot-de-passe/oubli" className="fr-link">
                {t("signIn.forgot")}
              </Link>
            </p>
            <Button type="submit" disabled={busy}>
              {t("signIn.submit")}
            </Button>
          </form>
        </section>

        <section aria-labelledby="magic-heading">
          <h2 id="magic-heading" className="fr-h4">
            {t("signIn.magicHeading")}
          </h2>
          <p>{t("signIn.magicIntro")}</p>
          {linkForm.formError && <FormAlert severity="error" message={linkForm.formError} />}
          {linkSent ? (
            <FormAlert severity="success" message={t("signIn.magicSent")} />
          ) : (
            <form onSubmit={onMagicLink} noValidate>
              <Input
                label={t("signIn.email")}
                {...linkForm.state("magic-email")}
                nativeInputProps={{
                  id: "magic-email",
                  "aria-invalid": linkForm.invalid("magic-email"),
                  type: "email",
                  autoComplete: "email",
                  value: linkEmail,
                  onChange: (event) => setLinkEmail(event.target.value),
                }}
              />
              <Button type="submit" priority="secondary">
                {t("signIn.magicSubmit")}
              </Button>
            </form>
          )}
        </section>
      </div>
    </div>
  );
}
