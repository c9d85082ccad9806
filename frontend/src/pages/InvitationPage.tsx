import { useEffect, useState, type FormEvent } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { api, type InvitationPreview, type Me } from "../lib/api";
import { useAuth } from "../lib/auth";
import { FormAlert } from "../components/FormAlert";
import { NewPassword } from "../components/NewPassword";
import { showError } from "../lib/errors";
import { focusField, useFormErrors } from "../lib/useForm";
import { usePageTitle } from "../lib/usePageTitle";
import { useHashToken } from "../lib/hashToken";
import { TERMS_PATH } from "./TermsPage";

const FIELDS = {
  name: "invitation-name",
  password: "invitation-password",
  accept_terms: "invitation-terms",
  consent: "invitation-consent",
};

/** /invitation#<token>: who invites whom, then joining the organisation. */
export function InvitationPage() {
  const { t } = useTranslation();
  usePageTitle(t("invitation.title"));
  const { me, signedIn } = useAuth();
  const navigate = useNavigate();
  const token = useHashToken();
  const [preview, setPreview] = useState<InvitationPreview | null>(null);
  const [loadError, setLoadError] = useState<string | null>(token ? null : t("invitation.noToken"));
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [terms, setTerms] = useState(false);
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(FIELDS);

  useEffect(() => {
    if (!token) return;
    api
      .get<InvitationPreview>(`/api/v1/invitations/${encodeURIComponent(token)}`)
      .then(setPreview)
      .catch((err) => setLoadError(showError(err, t).message));
  }, [token, t]);

  const isSeeker = preview?.role === "seeker";
  const needsAccount = preview !== null && !preview.account_exists && !me;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (needsAccount && name.trim().length < 2) missing[FIELDS.name] = t("invitation.errors.name");
    if (needsAccount && !isSeeker && !password) missing[FIELDS.password] = t("invitation.errors.password");
    if (isSeeker && !terms) missing[FIELDS.accept_terms] = t("invitation.errors.terms");
    if (isSeeker && !consent) missing[FIELDS.consent] = t("invitation.errors.consent");
    form.reset(missing);
    const first = Object.keys(missing)[0];
    if (first) {
      focusField(first);
      return;
    }
    setBusy(true);
    try {
      await api.post(`/api/v1/invitations/${encodeURIComponent(token ?? "")}/accept`, {
        ...(needsAccount ? { name: name.trim(), password: password || undefined } : {}),
        accept_terms: terms,
        consent,
      });
      signedIn(await api.get<Me>("/api/v1/auth/me"));
      navigate("/espace", { replace: true, state: { joined: preview?.organisation } });
    } catch (err) {
      form.fail(err);
    } finally {
      setBusy(false);
    }
  }

  const checkboxError = (field: string) =>
    form.fieldErrors[field]
      ? { state: "error" as const, stateRelatedMessage: form.fieldErrors[field] }
      : {};

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>{t("invitation.heading")}</h1>
        {loadError && <FormAlert severity="error" message={loadError} />}
        {!preview && !loadError && <p role="status">{t("invitation.loading")}</p>}
        {preview && (
          <>
            <p className="fr-text--lead">
              {t("invitation.intro", {
                organisation: preview.organisation,
                role: t(`roles.${preview.role}`, { defaultValue: preview.role }),
              })}
            </p>
            <p>{t("invitation.address", { email: preview.email })}</p>
            {preview.account_exists && !me ? (
              <>
                <FormAlert severity="info" message={t("invitation.signInFirst")} />
                <Link
                  className="fr-btn"
                  to="/connexion"
                  state={{ from: `/invitation#${token}` }}
                >
                  {t("header.signIn")}
                </Link>
              </>
            ) : (
              <form onSubmit={onSubmit} noValidate>
                {form.formError && <FormAlert severity="error" message={form.formError} />}
                {needsAccount && (
                  <>
                    <Input
                      label={t("invitation.name")}
                      hintText={t("invitation.nameHint")}
                      {...form.state(FIELDS.name)}
                      nativeInputProps={{
                        id: FIELDS.name,
                        "aria-invalid": form.invalid(FIELDS.name),
                        autoComplete: "name",
                        value: name,
                        onChange: (event) => setName(event.target.value),
                      }}
                    />
                    <NewPassword
                      id={FIELDS.password}
                      label={isSeeker ? t("invitation.passwordOptional") : t("password.new")}
                      value={password}
                      onChange={setPassword}
                      error={form.fieldErrors[FIELDS.password]}
                    />
                  </>
                )}
                {isSeeker && (
                  <div className="fr-mt-3w">
                    <Checkbox
                      {...checkboxError(FIELDS.accept_terms)}
                      options={[
                        {
                          label: (
                            // A new window: leaving this page would lose the
                            // invitation, whose token is no longer in the address.
                            <Trans
                              i18nKey="invitation.terms"
                              components={{
                                link: (
                                  <a
                                    href={TERMS_PATH}
                                    target="_blank"
                                    rel="noopener"
                                    title={t("invitation.termsNewWindow")}
                                  />
                                ),
                              }}
                            />
                          ),
                          hintText: t("invitation.version", { version: preview.terms_version }),
                          nativeInputProps: {
                            name: FIELDS.accept_terms,
                            checked: terms,
                            onChange: (event) => setTerms(event.target.checked),
                          },
                        },
                      ]}
                    />
                    <Checkbox
                      {...checkboxError(FIELDS.consent)}
                      options={[
                        {
                          label: t("invitation.consent", { organisation: preview.organisation }),
                          hintText: t("invitation.version", { version: preview.consent_version }),
                          nativeInputProps: {
                            name: FIELDS.consent,
                            checked: consent,
                            onChange: (event) => setConsent(event.target.checked),
                          },
                        },
                      ]}
                    />
                  </div>
                )}
                <Button type="submit" className="fr-mt-3w" disabled={busy}>
                  {t("invitation.submit")}
                </Button>
              </form>
            )}
          </>
        )}
      </div>
    </div>
  );
}
