import type { FieldErrors } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";

export function FieldMessage({ errors, name }: { errors: FieldErrors; name: string }) {
  const t = useT();
  const e = errors[name]?.[0];
  return e ? <p className="field-error" id={`${name}-error`}>{t(e)}</p> : null;
}
