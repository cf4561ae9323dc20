import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AgencyBasics } from "~/components/agency/basic";
import { AgencyFees } from "~/components/agency/fees";
import { AgencyHead } from "~/components/agency/head";
import { AgencyPledge } from "~/components/agency/pledge";
import { AgencyPractice } from "~/components/agency/practice";
import { AgencyQualifications } from "~/components/agency/qualifications";
import { AgencyRecords } from "~/components/agency/records";
import { translate } from "~/i18n";
import { beijingDate } from "~/lib/beijing-calendar";
import { PLEDGES } from "~/modules/agencies/pledge";
import { getPublicProfile } from "~/modules/agencies/profile.server";
import { regionNames } from "~/modules/catalogue/catalogue.server";
import { getPublicTrustRecord } from "~/modules/trust/trust-views.server";
import { RESTRICTING_TYPES } from "~/modules/trust/sanctions.rules";
import type { RootData } from "~/lib/root-data";
import { notFound } from "~/web/guards.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as RootData | undefined)?.locale ?? "zh-CN";
  return [{ title: `${data?.profile.name ?? translate(locale, "errors.notFound")} · ${translate(locale, "app.name")}` }];
};

export async function loader({ params, context }: LoaderFunctionArgs) {
  const profile = await getPublicProfile(context.db, params.id ?? "", beijingDate(new Date()));
  if (!profile) notFound();
  const [names, trust] = await Promise.all([
    regionNames(context.db, [...profile.services.flatMap((s) => s.regions), ...profile.versions.flatMap((v) => v.regions)]),
    getPublicTrustRecord(context.db, profile.id),
  ]);
  return { profile, names, trust, isRegulator: context.viewer?.org?.kind === "regulator" };
}

export default function AgencyProfile() {
  const { profile: p, names, trust, isRegulator } = useLoaderData<typeof loader>();
  const pledge = p.pledgeVersion ? PLEDGES[p.pledgeVersion] : null;
  const restricted = trust.penalties.some((s) => s.state === "inForce" && RESTRICTING_TYPES.includes(s.type as never));
  return (
    <article className="profile">
      <AgencyHead profile={p} credit={trust.credit} restricted={restricted} isRegulator={isRegulator} />
      <AgencyBasics profile={p} />
      <AgencyFees profile={p} names={names} />
      <AgencyQualifications profile={p} />
      <AgencyPractice profile={p} />
      <AgencyRecords trust={trust} />
      <AgencyPledge pledge={pledge ?? null} signedAt={p.pledgeSignedAt} />
    </article>
  );
}
