import type { MetaDescriptor, MetaFunction } from "@remix-run/node";
import { DEFAULT_LOCALE, translate } from "~/i18n";
import type { RootData } from "~/lib/root-data";

/** A page title in the viewer's language: "<page> · 中介超市". */
export function titleMeta(key: string, extra: (locale: RootData["locale"]) => MetaDescriptor[] = () => []): MetaFunction {
  return ({ matches }) => {
    const root = matches.find((m) => m.id === "root")?.data as RootData | undefined;
    const locale = root?.locale ?? DEFAULT_LOCALE;
    return [{ title: `${translate(locale, key)} · ${translate(locale, "app.name")}` }, ...extra(locale)];
  };
}
