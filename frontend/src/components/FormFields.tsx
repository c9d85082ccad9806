import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import type { useFormErrors } from "../lib/useForm";

type FormErrors = ReturnType<typeof useFormErrors>;

type FieldProps = {
  /** The form's errors: the field shows its own, linked to it. */
  form: FormErrors;
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
};

/** The native field's props: its id, value and error state. */
function native<T extends HTMLInputElement | HTMLSelectElement>(
  { form, id, value, onChange }: FieldProps,
  rest: object,
) {
  return {
    ...rest,
    id,
    value,
    "aria-invalid": form.invalid(id),
    onChange: (event: { target: T }) => onChange(event.target.value),
  };
}

/** A DSFR text field of a form that posts to the API. */
export function FormInput({
  form,
  id,
  label,
  hint,
  value,
  onChange,
  ...rest
}: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "value" | "onChange" | "form">) {
  const field = { form, id, label, value, onChange };
  return (
    <Input label={label} hintText={hint} {...form.state(id)} nativeInputProps={native<HTMLInputElement>(field, rest)} />
  );
}

/** A DSFR select of a form that posts to the API. */
export function FormSelect({
  form,
  id,
  label,
  hint,
  value,
  onChange,
  children,
  ...rest
}: FieldProps & { children: ReactNode } & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "value" | "onChange" | "form">) {
  const field = { form, id, label, value, onChange };
  return (
    <Select label={label} hint={hint} {...form.state(id)} nativeSelectProps={native<HTMLSelectElement>(field, rest)}>
      {children}
    </Select>
  );
}
