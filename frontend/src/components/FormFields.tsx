import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
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

/** The props the components own, not passed on to the native field. */
type Own = "id" | "value" | "onChange" | "form";

/** The field's own props apart from the native field's. */
function split<P extends FieldProps>({ form, id, label, hint, value, onChange, ...rest }: P) {
  return { field: { form, id, label, value, onChange }, hint, rest };
}

/** The native field's props: its id, value and error state. */
function native<T extends HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
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
export function FormInput(props: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, Own>) {
  const { field, hint, rest } = split(props);
  return (
    <Input
      label={field.label}
      hintText={hint}
      {...field.form.state(field.id)}
      nativeInputProps={native<HTMLInputElement>(field, rest)}
    />
  );
}

/** A DSFR multi-line text field of a form that posts to the API. */
export function FormTextArea(props: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, Own>) {
  const { field, hint, rest } = split(props);
  return (
    <Input
      textArea
      label={field.label}
      hintText={hint}
      {...field.form.state(field.id)}
      nativeTextAreaProps={native<HTMLTextAreaElement>(field, rest)}
    />
  );
}

/** A DSFR select of a form that posts to the API. */
export function FormSelect({ children, ...props }: FieldProps & { children: ReactNode } & Omit<SelectHTMLAttributes<HTMLSelectElement>, Own>) {
  const { field, hint, rest } = split(props);
  return (
    <Select label={field.label} hint={hint} {...field.form.state(field.id)} nativeSelectProps={native<HTMLSelectElement>(field, rest)}>
      {children}
    </Select>
  );
}
