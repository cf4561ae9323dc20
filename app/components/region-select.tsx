import { SelectField } from "~/components/form";
import { useT } from "~/lib/i18n-react";
import type { RegionGroup } from "~/modules/catalogue/catalogue.server";

export function RegionSelect({
  name,
  label,
  groups,
  defaultValue,
}: {
  name: string;
  label: string;
  groups: RegionGroup[];
  defaultValue?: string;
}) {
  const t = useT();
  return (
    <SelectField name={name} label={label} required defaultValue={defaultValue ?? ""}>
      <option value="">{t("signup.region.choose")}</option>
      {groups.map((g) => (
        <optgroup key={g.province.code} label={g.province.name}>
          <option value={g.province.code}>{t("signup.region.wholeProvince", { name: g.province.name })}</option>
          {g.cities.map((c) => (
            <option key={c.code} value={c.code}>
              {g.province.name} · {c.name}
            </option>
          ))}
        </optgroup>
      ))}
    </SelectField>
  );
}
