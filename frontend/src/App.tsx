import { Route, Routes } from "react-router-dom";
import { Layout } from "./components/Layout";
import { SearchPage } from "./pages/SearchPage";
import { SignInPage } from "./pages/SignInPage";
import { ForgotPasswordPage } from "./pages/ForgotPasswordPage";
import { ResetPasswordPage } from "./pages/ResetPasswordPage";
import { InvitationPage } from "./pages/InvitationPage";
import { AccountPage } from "./pages/AccountPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { ShortlistPage } from "./pages/ShortlistPage";
import { ApplicationsPage } from "./pages/ApplicationsPage";
import { CaseloadPage } from "./pages/CaseloadPage";
import { EmailSettingsPage } from "./pages/EmailSettingsPage";
import { SeekerDetailPage } from "./pages/SeekerDetailPage";
import { MembersPage } from "./pages/MembersPage";
import { OrgSettingsPage } from "./pages/OrgSettingsPage";
import { FiguresPage } from "./pages/FiguresPage";
import { ExportsPage } from "./pages/ExportsPage";
import { OrgAuditPage } from "./pages/OrgAuditPage";
import { OrganisationsPage } from "./pages/OrganisationsPage";
import { PlatformAuditPage } from "./pages/PlatformAuditPage";
import { ImportsPage } from "./pages/ImportsPage";
import { CompanyCorrectionPage } from "./pages/CompanyCorrectionPage";
import { MyProfilePage, SeekerProfilePage } from "./pages/ProfilePage";
import { OutboxPage } from "./pages/OutboxPage";
import { TERMS_PATH, TermsPage } from "./pages/TermsPage";

// The paths of the links in Relais's emails are French (docs/access.md):
// /connexion, /mot-de-passe and /invitation, with their token after `#`.
export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<SearchPage />} />
        <Route path="connexion" element={<SignInPage />} />
        <Route path="mot-de-passe" element={<ResetPasswordPage />} />
        <Route path="mot-de-passe/oubli" element={<ForgotPasswordPage />} />
        <Route path="invitation" element={<InvitationPage />} />
        <Route path={TERMS_PATH.slice(1)} element={<TermsPage />} />
        <Route path="espace" element={<AccountPage />} />
        <Route path="espace/entreprises" element={<ShortlistPage />} />
        <Route path="espace/suivi" element={<ApplicationsPage />} />
        <Route path="espace/e-mails" element={<EmailSettingsPage />} />
        <Route path="structures/:org/accompagnement" element={<CaseloadPage />} />
        <Route path="structures/:org/personnes/:seeker" element={<SeekerDetailPage />} />
        <Route path="structures/:org/personnes/:seeker/profil" element={<SeekerProfilePage />} />
        <Route path="espace/profil" element={<MyProfilePage />} />
        <Route path="structures/:org/membres" element={<MembersPage />} />
        <Route path="structures/:org/reglages" element={<OrgSettingsPage />} />
        <Route path="structures/:org/chiffres" element={<FiguresPage />} />
        <Route path="structures/:org/exports" element={<ExportsPage />} />
        <Route path="structures/:org/journal" element={<OrgAuditPage />} />
        <Route path="administration/structures" element={<OrganisationsPage />} />
        <Route path="administration/journal" element={<PlatformAuditPage />} />
        <Route path="administration/e-mails" element={<OutboxPage />} />
        <Route path="administration/imports" element={<ImportsPage />} />
        <Route path="administration/entreprises" element={<CompanyCorrectionPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
