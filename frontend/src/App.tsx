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
        <Route path="espace" element={<AccountPage />} />
        <Route path="espace/entreprises" element={<ShortlistPage />} />
        <Route path="espace/suivi" element={<ApplicationsPage />} />
        <Route path="espace/e-mails" element={<EmailSettingsPage />} />
        <Route path="structures/:org/accompagnement" element={<CaseloadPage />} />
        <Route path="structures/:org/personnes/:seeker" element={<SeekerDetailPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
