import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";
import { journeyPath } from "../lib/api";
import { SeekerOnly } from "../lib/useSeeker";
import { usePageTitle } from "../lib/usePageTitle";
import { OrgArea } from "../components/OrgArea";
import { LoadedProfileWizard } from "../components/ProfileWizard";

/** /structures/:org/personnes/:seeker/profil: staff fill in or change a
 * seeker's profile with them. */
export function SeekerProfilePage() {
  const { t } = useTranslation();
  const { org = "", seeker = "" } = useParams();
  const navigate = useNavigate();
  const back = `/structures/${org}/personnes/${seeker}`;
  return (
    <OrgArea title={t("profile.title")} need="staff">
      {() => (
        <>
          <p>
            <Link to={back} className="fr-link fr-icon-arrow-left-line fr-link--icon-left">
              {t("profile.backToSeeker")}
            </Link>
          </p>
          <LoadedProfileWizard
            path={`/api/v1/orgs/${org}/seekers/${seeker}/profile`}
            onSaved={() => navigate(back, { state: { profileSaved: true } })}
          />
        </>
      )}
    </OrgArea>
  );
}

/** /espace/profil: the seeker fills in or changes their own profile. */
export function MyProfilePage() {
  const { t } = useTranslation();
  usePageTitle(t("profile.myTitle"));
  const navigate = useNavigate();
  return (
    <SeekerOnly>
      {(seeker) => (
        <>
          <h1>{t("profile.myTitle")}</h1>
          <p>{t("profile.myIntro")}</p>
          <LoadedProfileWizard
            path={journeyPath(seeker, "/profile")}
            onSaved={() => navigate("/espace/entreprises", { state: { profileSaved: true } })}
          />
        </>
      )}
    </SeekerOnly>
  );
}
