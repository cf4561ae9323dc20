import { createContext } from "react";
import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, formatDate, formatDateTime, formatMoney, formatNumber, translate, type Locale, type Params } from "~/i18n";
import type { RootData } from "~/lib/root-data";

export const NonceContext = createContext<string | undefined>(undefined);

export function useLocale(): Locale {
  return useRouteLoaderData<RootData>("root")?.locale ?? DEFAULT_LOCALE;
}

export function useViewer() {
  return useRouteLoaderData<RootData>("root")?.viewer ?? null;
}

export function useT() {
  const locale = useLocale();
  const t = (key: string, params?: Params) => translate(locale, key, params);
  t.locale = locale;
  t.money = (fen: number) => formatMoney(fen, locale);
  t.dateTime = (d: Date | string) => formatDateTime(d, locale);
  t.date = (d: Date | string) => formatDate(d, locale);
  t.number = (n: number) => formatNumber(n, locale);
  return t;
}
export type T = ReturnType<typeof useT>;
