import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { Stepper } from "@codegouvfr/react-dsfr/Stepper";
import { api, ApiError, type Job, type Place, type Profile } from "../lib/api";
import { showError } from "../lib/errors";
import { useFormErrors } from "../lib/useForm";
import { HEADCOUNTS, type Headcount } from "../lib/search";
import { Autocomplete } from "./Autocomplete";
import { FormAlert } from "./FormAlert";
import { ProfileImport } from "./ProfileImport";
import { FormInput, FormSelect, FormTextArea } from "./FormFields";

const STEPS = ["jobs", "place", "preferences"] as const;
const MOBILITIES = ["car", "public_transport", "none"] as const;
const MAX_JOBS = 5;
const MAX_SKILLS = 30;

/** The field of the form, and its step, for each field the API names. */
const FIELDS: Record<string, { id: string; step: number }> = {
  target_jobs: { id: "profile-job", step: 0 },
  commune: { id: "profile-place", step: 1 },
  postcode: { id: "profile-place", step: 1 },
  max_distance_km: { id: "profile-distance", step: 1 },
  mobility: { id: "profile-mobility-0", step: 1 },
  headcount_min: { id: "profile-size", step: 2 },
  headcount_max: { id: "profile-size", step: 2 },
  skills: { id: "profile-skills", step: 2 },
  aspirations: { id: "profile-aspirations", step: 2 },
  available_from: { id: "profile-available", step: 2 },
};

type PickedJob = { code: string; label: string };

const suggestJobs = (q: string, signal: AbortSignal) =>
  api.get<{ jobs: Job[] }>("/api/v1/jobs", { q, limit: 10 }, signal).then((body) => body.jobs);
const suggestPlaces = (q: string, signal: AbortSignal) =>
  api.get<{ places: Place[] }>("/api/v1/places", { q, limit: 10 }, signal).then((body) => body.places);

/** The size group of a stored bracket range, "" for any size. */
function sizeOf(profile: Profile | null): Headcount | "" | "custom" {
  if (!profile?.headcount_min && !profile?.headcount_max) return "";
  const found = (Object.keys(HEADCOUNTS) as Headcount[]).find(
    (size) => HEADCOUNTS[size][0] === profile.headcount_min && HEADCOUNTS[size][1] === profile.headcount_max,
  );
  return found ?? "custom";
}

/** The API's field without its index (`target_jobs[1]` → `target_jobs`). */
function baseField(error: unknown): unknown {
  if (error instanceof ApiError && error.field) {
    const base = error.field.replace(/\[\d+\]$/, "");
    return new ApiError(error.status, error.code, error.message, base);
  }
  return error;
}

type Props = {
  /** The profile route of the seeker's journey (`…/seekers/{seeker}/profile`). */
  path: string;
  /** The stored profile, or null for a first one. */
  profile: Profile | null;
  onSaved: (profile: Profile) => void;
};

/**
 * A seeker's profile in three steps: the jobs sought, the place and how
 * far to go, then preferences. Each step is checked before the next one;
 * the API's refusal brings back the step of the field it names.
 */
export function ProfileWizard({ path, profile, onSaved }: Props) {
  const { t } = useTranslation();
  const [step, setStep] = useState(0);
  const [jobs, setJobs] = useState<PickedJob[]>(
    () => profile?.target_jobs.map((job) => ({ code: job.ogr_code ?? job.rome, label: job.label })) ?? [],
  );
  const [jobText, setJobText] = useState("");
  const [place, setPlace] = useState<{ commune: string; label: string } | null>(
    profile ? { commune: profile.place.commune, label: profile.place.name } : null,
  );
  const [placeText, setPlaceText] = useState(profile?.place.name ?? "");
  const [distance, setDistance] = useState(String(profile?.max_distance_km ?? 10));
  const [mobility, setMobility] = useState(profile?.mobility ?? "car");
  const [size, setSize] = useState<string>(sizeOf(profile));
  const [skills, setSkills] = useState(profile?.skills.join("\n") ?? "");
  const [aspirations, setAspirations] = useState(profile?.aspirations ?? "");
  const [available, setAvailable] = useState(profile?.available_from ?? "");
  const form = useFormErrors(Object.fromEntries(Object.entries(FIELDS).map(([field, { id }]) => [field, id])));
  const top = useRef<HTMLDivElement>(null);

  function goTo(next: number) {
    setStep(next);
    form.reset();
    // Start the new step from its title, as a new page would.
    window.setTimeout(() => top.current?.focus(), 0);
  }

  /** The first problem of the current step, said under its field. */
  function checkStep(): boolean {
    if (step === 0) {
      if (jobText.trim()) return form.refuse("profile-job", t("profile.errors.pickJob"));
      if (jobs.length === 0) return form.refuse("profile-job", t("profile.errors.jobs"));
    }
    if (step === 1) {
      if (!place) return form.refuse("profile-place", t("profile.errors.place"));
      const km = kilometres();
      if (!Number.isFinite(km) || km < 1 || km > 100) return form.refuse("profile-distance", t("profile.errors.distance"));
    }
    if (step === 2) {
      const lines = skillLines();
      if (lines.length > MAX_SKILLS) return form.refuse("profile-skills", t("profile.errors.skillCount", { count: MAX_SKILLS }));
      const long = lines.find((line) => line.length > 80);
      if (long) return form.refuse("profile-skills", t("profile.errors.skillLength", { skill: long.slice(0, 30) }));
    }
    return true;
  }

  /** The distance typed, a decimal comma read as a point. */
  function kilometres() {
    return distance.trim() ? Number(distance.trim().replace(",", ".")) : Number.NaN;
  }

  function skillLines() {
    return skills
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!checkStep()) return;
    if (step < STEPS.length - 1) {
      goTo(step + 1);
      return;
    }
    const range = size && size !== "custom" ? HEADCOUNTS[size as Headcount] : null;
    const body = {
      target_jobs: jobs.map((job) => job.code),
      commune: place?.commune,
      max_distance_km: kilometres(),
      mobility,
      ...(size === "custom"
        ? { headcount_min: profile?.headcount_min ?? undefined, headcount_max: profile?.headcount_max ?? undefined }
        : { headcount_min: range?.[0], headcount_max: range?.[1] }),
      // Not asked here: kept as they are.
      avoided_sectors: profile?.avoided_sectors ?? [],
      skills: skillLines(),
      aspirations: aspirations.trim() || undefined,
      available_from: available || undefined,
    };
    try {
      onSaved(await api.put<Profile>(path, body));
    } catch (err) {
      const error = baseField(err);
      const field = error instanceof ApiError && error.field ? FIELDS[error.field] : undefined;
      if (field && field.step !== step) setStep(field.step);
      // The step's fields must be on the page before the error can focus one.
      window.setTimeout(() => form.fail(error), 0);
    }
  }

  const stepTitle = (index: number) => t(`profile.steps.${STEPS[index]}`);
  const error = (id: string) => form.fieldErrors[id];
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="profile-step-title">
      <div ref={top} tabIndex={-1} className="relais-main" id="profile-step-title">
        <Stepper
          currentStep={step + 1}
          stepCount={STEPS.length}
          title={stepTitle(step)}
          nextTitle={step < STEPS.length - 1 ? stepTitle(step + 1) : undefined}
        />
      </div>

      {step === 0 && (
        <fieldset className="fr-fieldset">
          <legend className="fr-sr-only">{stepTitle(0)}</legend>
          <div className="fr-fieldset__element">
            {jobs.length > 0 ? (
              <ul className="fr-tags-group" aria-label={t("profile.chosenJobs")}>
                {jobs.map((job) => (
                  <li key={job.code}>
                    <button
                      type="button"
                      className="fr-tag fr-tag--dismiss"
                      aria-label={t("profile.removeJob", { job: job.label })}
                      onClick={() => setJobs((current) => current.filter((other) => other.code !== job.code))}
                    >
                      {job.label}
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t("profile.noJob")}</p>
            )}
          </div>
          {jobs.length < MAX_JOBS ? (
            <div className="fr-fieldset__element">
              <Autocomplete<Job>
                id="profile-job"
                label={t("profile.addJob")}
                hint={t("profile.addJobHint", { count: MAX_JOBS })}
                text={jobText}
                onTextChange={setJobText}
                suggest={suggestJobs}
                itemLabel={(job) => job.label}
                itemKey={(job) => `${job.rome}-${job.ogr_code ?? ""}-${job.label}`}
                itemDetail={(job) => `${job.rome_label} (${job.rome})`}
                onSelect={(job) => {
                  const code = job.ogr_code ?? job.rome;
                  setJobs((current) => (current.some((other) => other.code === code) ? current : [...current, { code, label: job.label }]));
                  setJobText("");
                  form.reset();
                }}
                error={error("profile-job")}
              />
            </div>
          ) : (
            <p className="fr-fieldset__element">{t("profile.maxJobs", { count: MAX_JOBS })}</p>
          )}
        </fieldset>
      )}

      {step === 1 && (
        <fieldset className="fr-fieldset">
          <legend className="fr-sr-only">{stepTitle(1)}</legend>
          <div className="fr-fieldset__element">
            <Autocomplete<Place>
              id="profile-place"
              label={t("profile.place")}
              hint={t("search.placeHint")}
              text={placeText}
              onTextChange={(text) => {
                setPlaceText(text);
                setPlace(null);
              }}
              suggest={suggestPlaces}
              itemLabel={(found) => found.label}
              itemKey={(found) => `${found.commune}-${found.postcode ?? ""}`}
              onSelect={(found) => setPlace({ commune: found.commune, label: found.label })}
              error={error("profile-place")}
            />
          </div>
          <div className="fr-fieldset__element">
            <FormInput
              form={form}
              id="profile-distance"
              label={t("profile.distance")}
              hint={t("profile.distanceHint")}
              inputMode="decimal"
              value={distance}
              onChange={setDistance}
            />
          </div>
          <div className="fr-fieldset__element">
            <RadioButtons
              id="profile-mobility"
              legend={t("profile.mobility")}
              state={error("profile-mobility-0") ? "error" : "default"}
              stateRelatedMessage={error("profile-mobility-0")}
              options={MOBILITIES.map((value) => ({
                label: t(`profile.mobilities.${value}`),
                hintText: t(`profile.mobilityHints.${value}`),
                nativeInputProps: {
                  name: "profile-mobility",
                  value,
                  checked: mobility === value,
                  onChange: () => setMobility(value),
                },
              }))}
            />
          </div>
        </fieldset>
      )}

      {step === 2 && (
        <fieldset className="fr-fieldset">
          <legend className="fr-sr-only">{stepTitle(2)}</legend>
          <div className="fr-fieldset__element">
            <FormSelect form={form} id="profile-size" label={t("profile.size")} value={size} onChange={setSize}>
              <option value="">{t("search.headcounts.any")}</option>
              {(Object.keys(HEADCOUNTS) as Headcount[]).map((value) => (
                <option key={value} value={value}>
                  {t(`search.headcounts.${value}`)}
                </option>
              ))}
              {size === "custom" && <option value="custom">{t("profile.sizeCustom")}</option>}
            </FormSelect>
          </div>
          <div className="fr-fieldset__element">
            <FormTextArea
              form={form}
              id="profile-skills"
              label={t("profile.skills")}
              hint={t("profile.skillsHint", { count: MAX_SKILLS })}
              rows={4}
              value={skills}
              onChange={setSkills}
            />
          </div>
          <div className="fr-fieldset__element">
            <FormTextArea
              form={form}
              id="profile-aspirations"
              label={t("profile.aspirations")}
              hint={t("profile.aspirationsHint")}
              maxLength={2000}
              rows={3}
              value={aspirations}
              onChange={setAspirations}
            />
          </div>
          <div className="fr-fieldset__element">
            <FormInput
              form={form}
              id="profile-available"
              label={t("profile.available")}
              hint={t("profile.availableHint")}
              type="date"
              value={available}
              onChange={setAvailable}
            />
          </div>
        </fieldset>
      )}

      {form.formError && <FormAlert severity="error" message={form.formError} />}
      <ul className="fr-btns-group fr-btns-group--inline-md">
        {step > 0 && (
          <li>
            <Button type="button" priority="secondary" onClick={() => goTo(step - 1)}>
              {t("profile.previous")}
            </Button>
          </li>
        )}
        <li>
          <Button type="submit">{step < STEPS.length - 1 ? t("profile.next") : t("profile.save")}</Button>
        </li>
      </ul>
    </form>
  );
}

/** The wizard with the stored profile, read first (none yet: a 404), and
 * the import from a file, after which the profile is read again. */
export function LoadedProfileWizard({ path, onSaved }: Omit<Props, "profile">) {
  const { t } = useTranslation();
  const [profile, setProfile] = useState<Profile | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [reads, setReads] = useState(0);
  useEffect(() => {
    api
      .get<Profile>(path)
      .then(setProfile)
      .catch((err) => (err instanceof ApiError && err.status === 404 ? setProfile(null) : setError(showError(err, t).message)));
  }, [path, t, reads]);
  if (error) return <FormAlert severity="error" message={error} />;
  if (profile === undefined) return <p role="status">{t("app.loading")}</p>;
  return (
    <>
      {/* A new profile starts the steps again, filled with it. */}
      <ProfileWizard key={profile?.updated_at ?? "none"} path={path} profile={profile} onSaved={onSaved} />
      <ProfileImport path={path} onImported={() => setReads((count) => count + 1)} />
    </>
  );
}
