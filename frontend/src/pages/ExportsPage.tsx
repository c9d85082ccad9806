import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Download } from "@codegouvfr/react-dsfr/Download";
import { ScopeSelect, StalledSelect } from "../components/CaseloadFilters";
import { queryString, type Organisation } from "../lib/api";
import { OrgArea } from "../components/OrgArea";

const FILES = ["caseload", "contacts"] as const;

/** /structures/:org/exports: the caseload and its contacts as CSV files
 * for a spreadsheet, with the caseload's scope and activity filters. */
export function ExportsPage() {
  const { t } = useTranslation();
  return (
    <OrgArea title={t("exports.title")} need="staff">
      {(organisation) => <Exports organisation={organisation} />}
    </OrgArea>
  );
}

function Exports({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const [scope, setScope] = useState("");
  const [stalled, setStalled] = useState("");
  const query = queryString({ scope, stalled });

  return (
    <>
      <p>{t("exports.intro")}</p>
      <form className="fr-grid-row fr-grid-row--gutters fr-mb-3w" aria-label={t("exports.filters")} onSubmit={(event) => event.preventDefault()}>
        <div className="fr-col-12 fr-col-md-6">
          <ScopeSelect id="exports-scope" value={scope} onChange={setScope} />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <StalledSelect id="exports-stalled" value={stalled} onChange={setStalled} />
        </div>
      </form>
      {FILES.map((file) => (
        <Download
          key={file}
          label={t(`exports.files.${file}`)}
          details={t("exports.details")}
          linkProps={{
            to: `/api/v1/orgs/${organisation.id}/exports/${file}.csv${query}`,
            reloadDocument: true,
            download: true,
          }}
        />
      ))}
      <p className="fr-text--sm">{t("exports.audited")}</p>
    </>
  );
}
