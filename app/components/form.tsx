import { Form, useActionData, useNavigation } from "@remix-run/react";
import { createContext, useContext, useId, useState, type ReactNode } from "react";
import type { z } from "zod";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";

export type ActionErrors = { fieldErrors: FieldErrors; values?: Record<string, unknown>; formParams?: Record<string, string | number> };

interface FormState {
  errors: FieldErrors;
  values: Record<string, unknown>;
  params: Record<string, string | number>;
}
const FormStateContext = createContext<FormState>({ errors: {}, values: {}, params: {} });

/**
 * A form validated by the same zod schema in the browser (before it is sent) and in the action.
 * Errors from either place are shown next to their fields; what was typed is kept.
 */
export function ValidatedForm<S extends z.ZodTypeAny>({
  schema,
  arrays = [],
  children,
  action,
  className,
  id,
  encType,
}: {
  schema: S;
  arrays?: string[];
  children: ReactNode;
  action?: string;
  className?: string;
  id?: string;
  encType?: "multipart/form-data";
}) {
  const actionData = useActionData<ActionErrors | undefined>();
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const serverErrors = actionData && "fieldErrors" in actionData ? actionData.fieldErrors : {};
  const errors = clientErrors ?? serverErrors;
  const t = useT();
  const formError = errors._form?.[0];
  const hasFieldErrors = Object.keys(errors).some((k) => k !== "_form");
  return (
    <FormStateContext.Provider value={{ errors, values: actionData?.values ?? {}, params: actionData?.formParams ?? {} }}>
      <Form
        method="post"
        action={action}
        className={className ?? "form"}
        id={id}
        encType={encType}
        noValidate
        onSubmit={(event) => {
          const result = parseForm(schema, new FormData(event.currentTarget), arrays);
          if (!result.ok) {
            event.preventDefault();
            setClientErrors(result.fieldErrors);
            const first = event.currentTarget.querySelector<HTMLElement>("[aria-invalid='true']");
            first?.focus();
          } else {
            setClientErrors(null);
          }
        }}
      >
        {(formError || hasFieldErrors) && (
          <div className="alert alert-error" role="alert">
            {formError ? t(formError, actionData?.formParams) : t("errors.form")}
          </div>
        )}
        {children}
      </Form>
    </FormStateContext.Provider>
  );
}

export function useFieldState(name: string) {
  const state = useContext(FormStateContext);
  return { error: state.errors[name]?.[0], value: state.values[name], params: state.params };
}

export function Field({
  name,
  label,
  type = "text",
  hint,
  autoComplete,
  required,
  defaultValue,
  inputMode,
  maxLength,
}: {
  name: string;
  label: string;
  type?: string;
  hint?: string;
  autoComplete?: string;
  required?: boolean;
  defaultValue?: string;
  inputMode?: "text" | "email" | "numeric" | "decimal" | "tel";
  maxLength?: number;
}) {
  const id = useId();
  const t = useT();
  const { error, value, params } = useFieldState(name);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>
        {label}
        {required && <span aria-hidden="true" className="required">*</span>}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required={required}
        inputMode={inputMode}
        maxLength={maxLength}
        defaultValue={type === "password" ? undefined : typeof value === "string" ? value : defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {hint && <p id={`${id}-hint`} className="hint">{hint}</p>}
      {error && <p id={`${id}-error`} className="field-error">{t(error, params)}</p>}
    </div>
  );
}

export function SelectField({
  name,
  label,
  children,
  required,
  defaultValue,
  multiple,
  size,
}: {
  name: string;
  label: string;
  children: ReactNode;
  required?: boolean;
  defaultValue?: string | string[];
  multiple?: boolean;
  size?: number;
}) {
  const id = useId();
  const t = useT();
  const { error, value, params } = useFieldState(name);
  const current = value !== undefined ? (value as string | string[]) : defaultValue;
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>
        {label}
        {required && <span aria-hidden="true" className="required">*</span>}
      </label>
      <select
        id={id}
        name={name}
        required={required}
        defaultValue={current}
        multiple={multiple}
        size={size}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {children}
      </select>
      {error && <p id={`${id}-error`} className="field-error">{t(error, params)}</p>}
    </div>
  );
}

export function RadioGroup({
  name,
  legend,
  options,
  defaultValue,
  className,
}: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  className?: string;
}) {
  const id = useId();
  const t = useT();
  const { error, value, params } = useFieldState(name);
  const current = typeof value === "string" ? value : defaultValue;
  return (
    <fieldset className={`field radio-group${error ? " field-invalid" : ""}${className ? ` ${className}` : ""}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="radio">
          <input type="radio" name={name} value={o.value} defaultChecked={current === o.value} aria-invalid={error ? true : undefined} />
          {o.label}
        </label>
      ))}
      {error && <p id={`${id}-error`} className="field-error">{t(error, params)}</p>}
    </fieldset>
  );
}

export function SubmitButton({ children }: { children: ReactNode }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined}>
      {children}
    </button>
  );
}

export function TextAreaField({ name, label, hint, defaultValue, required = true, rows = 4 }: { name: string; label: string; hint?: string; defaultValue?: string; required?: boolean; rows?: number }) {
  const id = useId();
  const t = useT();
  const { error, value, params } = useFieldState(name);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>
        {label}
        {required && <span aria-hidden="true" className="required">*</span>}
      </label>
      <textarea id={id} name={name} rows={rows} required={required} defaultValue={typeof value === "string" ? value : defaultValue} aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
      {hint && <p id={`${id}-hint`} className="hint">{hint}</p>}
      {error && <p id={`${id}-error`} className="field-error">{t(error, params)}</p>}
    </div>
  );
}

export function CheckboxField({ name, label, hint, defaultChecked, value }: { name: string; label: string; hint?: string; defaultChecked?: boolean; value?: string }) {
  const id = useId();
  const t = useT();
  const { error, value: state, params } = useFieldState(name);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label className="checkbox">
        <input
          type="checkbox"
          name={name}
          value={value ?? "on"}
          defaultChecked={state !== undefined ? (Array.isArray(state) ? state.includes(value ?? "on") : state === (value ?? "on")) : defaultChecked}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        {label}
      </label>
      {hint && <p id={`${id}-hint`} className="hint">{hint}</p>}
      {error && <p id={`${id}-error`} className="field-error">{t(error, params)}</p>}
    </div>
  );
}

export function FileField({ name, label, accept, required = true }: { name: string; label: string; accept?: string; required?: boolean }) {
  const id = useId();
  const t = useT();
  const { error, params } = useFieldState(name);
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>
        {label}
        {required && <span aria-hidden="true" className="required">*</span>}
      </label>
      <input id={id} name={name} type="file" accept={accept} required={required} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
      {error && <p id={`${id}-error`} className="field-error">{t(error, params)}</p>}
    </div>
  );
}
