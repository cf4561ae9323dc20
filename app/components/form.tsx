import { Form, useActionData, useNavigation } from "@remix-run/react";
import { createContext, useContext, useId, useState, type ReactNode } from "react";
import type { z } from "zod";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";

/**
 * What an action answers when a form is refused. `scope` names the form it belongs to when a page has
 * several (a queue of rows, one form per intent); only the form with that scope shows it.
 */
export type ActionErrors = {
  fieldErrors: FieldErrors;
  values?: Record<string, unknown>;
  formParams?: Record<string, string | number>;
  scope?: string;
};

interface FormState {
  errors: FieldErrors;
  values: Record<string, unknown>;
  params: Record<string, string | number>;
  /** What was sent came back: a box missing from `values` was left unticked. */
  echoed: boolean;
}
const FormStateContext = createContext<FormState>({ errors: {}, values: {}, params: {}, echoed: false });

function isActionErrors(answer: unknown): answer is ActionErrors {
  return !!answer && typeof answer === "object" && "fieldErrors" in answer;
}

/** The refusal the last submission got, when it belongs to the form with this scope. */
export function useActionErrors(scope?: string): ActionErrors | null {
  const answer = useActionData<unknown>();
  return isActionErrors(answer) && (answer.scope ?? undefined) === scope ? answer : null;
}

/**
 * A form validated by the same zod schema in the browser (before it is sent) and in the action.
 * Errors from either place are shown next to their fields; what was typed is kept.
 * A GET form (filters in the URL) is validated by its loader: pass what it found as `errors` and `values`.
 */
export function ValidatedForm<S extends z.ZodTypeAny>({
  schema,
  arrays = [],
  children,
  action,
  method = "post",
  scope,
  intent,
  errors: loaderErrors,
  values: loaderValues,
  className,
  id,
  encType,
  role,
  "aria-label": ariaLabel,
  "data-testid": testId,
}: {
  schema: S;
  arrays?: readonly string[];
  children: ReactNode;
  action?: string;
  method?: "post" | "get";
  /** Which of the page's forms this is; the action echoes it with its refusal. */
  scope?: string;
  /** Sent as the hidden field `intent`, for an action that serves several forms. */
  intent?: string;
  errors?: FieldErrors;
  values?: Record<string, unknown>;
  className?: string;
  id?: string;
  encType?: "multipart/form-data";
  role?: "search";
  "aria-label"?: string;
  "data-testid"?: string;
}) {
  const answer = useActionErrors(scope);
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const errors = clientErrors ?? loaderErrors ?? answer?.fieldErrors ?? {};
  const values = loaderValues ?? answer?.values ?? {};
  const params = answer?.formParams ?? {};
  const t = useT();
  const formError = errors._form?.[0];
  const hasFieldErrors = Object.keys(errors).some((k) => k !== "_form");
  return (
    <FormStateContext.Provider value={{ errors, values, params, echoed: Object.keys(values).length > 0 }}>
      <Form
        method={method}
        action={action}
        className={className ?? "form"}
        id={id}
        encType={encType}
        role={role}
        aria-label={ariaLabel}
        data-testid={testId}
        noValidate
        onSubmit={(event) => {
          const result = parseForm(schema, new FormData(event.currentTarget), arrays);
          if (!result.ok) {
            event.preventDefault();
            setClientErrors(result.fieldErrors);
            // The error marks are drawn on the next render: look for the first one after it.
            const form = event.currentTarget;
            requestAnimationFrame(() => form.querySelector<HTMLElement>("[aria-invalid='true']")?.focus());
          } else {
            setClientErrors(null);
          }
        }}
      >
        {intent && <input type="hidden" name="intent" value={intent} />}
        {/* A filter form (GET) shows its problems beside its fields only; the page below it says the rest. */}
        {method === "post" && (formError || hasFieldErrors) && (
          <div className="alert alert-error" role="alert">
            {formError ? t(formError, params) : t("errors.form")}
          </div>
        )}
        {children}
      </Form>
    </FormStateContext.Provider>
  );
}

/**
 * A form whose only input is the button (and hidden fields): there is nothing to validate before it is
 * sent. A refusal has no field to sit next to; the page shows it with `ActionAlert`.
 */
export function ActionForm({
  children,
  intent,
  hidden = {},
  action,
  className,
  encType,
}: {
  children: ReactNode;
  intent?: string;
  hidden?: Record<string, string>;
  action?: string;
  className?: string;
  encType?: "multipart/form-data";
}) {
  return (
    <Form method="post" action={action} className={className} encType={encType}>
      {intent && <input type="hidden" name="intent" value={intent} />}
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
    </Form>
  );
}

/** One button that sends one intent. */
export function IntentButton({
  intent,
  children,
  className = "button",
  hidden,
}: {
  intent: string;
  children: ReactNode;
  className?: string;
  hidden?: Record<string, string>;
}) {
  return (
    <ActionForm intent={intent} hidden={hidden}>
      <button type="submit" className={className}>
        {children}
      </button>
    </ActionForm>
  );
}

/**
 * The form-level message of a refusal that no form on the page shows: an `ActionForm`'s, or one whose
 * form is gone (a queue row someone else decided meanwhile). `except` lists the scopes of the
 * `ValidatedForm`s the page shows; every `ValidatedForm` on such a page has a scope.
 */
export function ActionAlert({ except = [] }: { except?: readonly (string | false | null | undefined)[] }) {
  const answer = useActionData<unknown>();
  const t = useT();
  if (!isActionErrors(answer)) return null;
  if (answer.scope !== undefined && except.includes(answer.scope)) return null;
  const message = answer.fieldErrors._form?.[0];
  return message ? (
    <p className="alert alert-error" role="alert">
      {t(message, answer.formParams)}
    </p>
  ) : null;
}

export function useFieldState(name: string) {
  const state = useContext(FormStateContext);
  return { error: state.errors[name]?.[0], value: state.values[name], params: state.params, echoed: state.echoed };
}

/** A field's message, for a group of inputs that share one name (check boxes). */
export function FieldError({ name }: { name: string }) {
  const t = useT();
  const { error, params } = useFieldState(name);
  return error ? <p className="field-error">{t(error, params)}</p> : null;
}

/** The label, hint and error around one control, stacked or inline (see Field). */
function FieldFrame({
  id,
  label,
  hint,
  required,
  inline,
  labelHidden,
  error,
  params,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  required?: boolean;
  inline?: boolean;
  labelHidden?: boolean;
  error?: string;
  params: Record<string, string | number>;
  children: ReactNode;
}) {
  const t = useT();
  if (inline) {
    return (
      <span className={error ? "field-invalid" : undefined}>
        <label htmlFor={id} className={labelHidden ? "visually-hidden" : undefined}>
          {label}
        </label>
        {children}
        {error && (
          <span id={`${id}-error`} className="field-error">
            {t(error, params)}
          </span>
        )}
      </span>
    );
  }
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id} className={labelHidden ? "visually-hidden" : undefined}>
        {label}
        {required && (
          <span aria-hidden="true" className="required">
            *
          </span>
        )}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {t(error, params)}
        </p>
      )}
    </div>
  );
}

/**
 * A labelled input. `inline` puts it in a line of a table or a sentence (a span, no stacked layout);
 * `labelHidden` keeps the label for screen readers only (the placeholder or the column says it).
 */
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
  placeholder,
  size,
  inline,
  labelHidden,
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
  placeholder?: string;
  size?: number;
  inline?: boolean;
  labelHidden?: boolean;
}) {
  const id = useId();
  const { error, value, params } = useFieldState(name);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const input = (
    <input
      id={id}
      name={name}
      type={type}
      autoComplete={autoComplete}
      required={required}
      inputMode={inputMode}
      maxLength={maxLength}
      placeholder={placeholder}
      size={size}
      defaultValue={type === "password" ? undefined : typeof value === "string" ? value : defaultValue}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy}
    />
  );
  return (
    <FieldFrame
      id={id}
      label={label}
      hint={hint}
      required={required}
      inline={inline}
      labelHidden={labelHidden}
      error={error}
      params={params}
    >
      {input}
    </FieldFrame>
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
  hint,
  inline,
  labelHidden,
}: {
  name: string;
  label: string;
  children: ReactNode;
  required?: boolean;
  defaultValue?: string | string[];
  multiple?: boolean;
  size?: number;
  hint?: string;
  inline?: boolean;
  labelHidden?: boolean;
}) {
  const id = useId();
  const { error, value, params } = useFieldState(name);
  const current = value !== undefined ? (value as string | string[]) : defaultValue;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const select = (
    <select
      id={id}
      name={name}
      required={required}
      defaultValue={current}
      multiple={multiple}
      size={size}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy}
    >
      {children}
    </select>
  );
  return (
    <FieldFrame
      id={id}
      label={label}
      hint={hint}
      required={required}
      inline={inline}
      labelHidden={labelHidden}
      error={error}
      params={params}
    >
      {select}
    </FieldFrame>
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
    <fieldset
      className={`field radio-group${error ? " field-invalid" : ""}${className ? ` ${className}` : ""}`}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="radio">
          <input type="radio" name={name} value={o.value} defaultChecked={current === o.value} aria-invalid={error ? true : undefined} />
          {o.label}
        </label>
      ))}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {t(error, params)}
        </p>
      )}
    </fieldset>
  );
}

/** The form's button; it waits (disabled) while a submission is on its way. */
export function SubmitButton({
  children,
  className = "button button-primary",
  disabled,
}: {
  children: ReactNode;
  className?: string;
  disabled?: boolean;
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <button type="submit" className={className} disabled={busy || disabled} aria-busy={busy || undefined}>
      {children}
    </button>
  );
}

export function TextAreaField({
  name,
  label,
  hint,
  defaultValue,
  required = true,
  rows = 4,
  maxLength,
  spellCheck,
}: {
  name: string;
  label: string;
  hint?: string;
  defaultValue?: string;
  required?: boolean;
  rows?: number;
  maxLength?: number;
  spellCheck?: boolean;
}) {
  const id = useId();
  const t = useT();
  const { error, value, params } = useFieldState(name);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span aria-hidden="true" className="required">
            *
          </span>
        )}
      </label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        required={required}
        maxLength={maxLength}
        spellCheck={spellCheck}
        defaultValue={typeof value === "string" ? value : defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {t(error, params)}
        </p>
      )}
    </div>
  );
}

/** Whether a box was ticked in what came back; before any submission, its default. */
function useChecked(name: string, value: string, defaultChecked: boolean | undefined) {
  const { value: state, echoed } = useFieldState(name);
  if (!echoed) return defaultChecked;
  return state === true || state === value || (Array.isArray(state) && state.includes(value));
}

/** A check box alone, without a field of its own: one of a group, or a switch beside other fields. */
export function Checkbox({
  name,
  label,
  value = "on",
  defaultChecked,
  className,
}: {
  name: string;
  label: string;
  value?: string;
  defaultChecked?: boolean;
  className?: string;
}) {
  const checked = useChecked(name, value, defaultChecked);
  return (
    <label className={className ? `checkbox ${className}` : "checkbox"}>
      <input type="checkbox" name={name} value={value} defaultChecked={checked} /> {label}
    </label>
  );
}

export function CheckboxField({
  name,
  label,
  hint,
  defaultChecked,
  value = "on",
}: {
  name: string;
  label: string;
  hint?: string;
  defaultChecked?: boolean;
  value?: string;
}) {
  const id = useId();
  const t = useT();
  const { error, params } = useFieldState(name);
  const checked = useChecked(name, value, defaultChecked);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label className="checkbox">
        <input
          type="checkbox"
          name={name}
          value={value}
          defaultChecked={checked}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {t(error, params)}
        </p>
      )}
    </div>
  );
}

export function FileField({
  name,
  label,
  accept,
  required = true,
  multiple,
}: {
  name: string;
  label: string;
  accept?: string;
  required?: boolean;
  multiple?: boolean;
}) {
  const id = useId();
  const t = useT();
  const { error, params } = useFieldState(name);
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span aria-hidden="true" className="required">
            *
          </span>
        )}
      </label>
      <input
        id={id}
        name={name}
        type="file"
        accept={accept}
        required={required}
        multiple={multiple}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p id={`${id}-error`} className="field-error">
          {t(error, params)}
        </p>
      )}
    </div>
  );
}
