import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CheckboxField, Field, RadioGroup, SubmitButton, TextAreaField, ValidatedForm } from "~/components/form";
import { CURRENT_PLEDGE_VERSION, PLEDGES } from "~/modules/agencies/pledge";
import { RegionSelect } from "~/components/region-select";
import { parseForm } from "~/lib/forms";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { groupRegions, listRegionOptions } from "~/modules/catalogue/catalogue.server";
import { SignUpSchema } from "~/modules/identity/accounts.schema";
import { signUp } from "~/modules/identity/accounts.server";
import { sessionCookie } from "~/modules/identity/session.server";
import { domainErrorResponse, invalid } from "~/web/actions.server";
import { readForm } from "~/web/upload.server";

export const meta = titleMeta("signup.title");

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.viewer) throw redirect("/account");
  return { regions: groupRegions(await listRegionOptions(context.db)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = parseForm(SignUpSchema, form);
  if (!parsed.ok) return invalid(parsed);
  try {
    const { sessionToken } = await signUp(context.db, parsed.data, { clientAddress: context.clientAddress, limits: context.limits });
    return redirect("/account", {
      headers: {
        "Set-Cookie": sessionCookie(sessionToken, {
          secure: context.session.cookieSecure,
          maxAgeSeconds: context.session.inactivityTimeoutMs / 1000,
        }),
      },
    });
  } catch (e) {
    return domainErrorResponse(e, Object.fromEntries(form));
  }
}

export default function SignUp() {
  const { regions } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="narrow">
      <h1>{t("signup.title")}</h1>
      <p className="lead">{t("signup.lead")}</p>
      <ValidatedForm schema={SignUpSchema}>
        <fieldset className="group">
          <legend>{t("signup.section.org")}</legend>
          <RadioGroup
            name="kind"
            legend={t("signup.kind")}
            defaultValue="agency"
            options={[
              { value: "agency", label: t("signup.kind.agency") },
              { value: "owner", label: t("signup.kind.owner") },
            ]}
          />
          <RadioGroup
            name="ownerType"
            className="owner-only"
            legend={t("signup.ownerType")}
            options={[
              { value: "enterprise", label: t("ownerType.enterprise") },
              { value: "department", label: t("ownerType.department") },
            ]}
          />
          <Field name="orgName" label={t("signup.orgName")} required autoComplete="organization" maxLength={200} />
          <Field
            name="creditCode"
            label={t("signup.creditCode")}
            hint={t("signup.creditCode.hint")}
            required
            maxLength={24}
            autoComplete="off"
          />
          <RegionSelect name="regionCode" label={t("signup.region")} groups={regions} />
        </fieldset>
        <fieldset className="group agency-only">
          <legend>{t("signup.section.agency")}</legend>
          <Field name="legalRepresentative" label={t("signup.legalRepresentative")} required maxLength={50} />
          <Field name="address" label={t("signup.address")} required maxLength={200} autoComplete="street-address" />
          <TextAreaField name="businessScope" label={t("signup.businessScope")} hint={t("signup.businessScope.hint")} rows={3} />
          <Field name="contactPerson" label={t("signup.contactPerson")} maxLength={50} />
          <Field name="contactPhone" type="tel" label={t("signup.contactPhone")} required inputMode="tel" autoComplete="tel" />
          <Field name="contactEmail" type="email" label={t("signup.contactEmail")} inputMode="email" />
          <CheckboxField name="contactPublic" label={t("signup.contactPublic")} hint={t("signup.contactPublic.hint")} />
          <div className="pledge-box">
            <p className="pledge-title">{t("signup.pledge")}</p>
            <p className="pledge-text">{t.locale === "en" ? PLEDGES[CURRENT_PLEDGE_VERSION]!.en : PLEDGES[CURRENT_PLEDGE_VERSION]!.zh}</p>
            <CheckboxField name="pledge" label={t("signup.pledge.accept")} />
          </div>
        </fieldset>
        <fieldset className="group">
          <legend>{t("signup.section.user")}</legend>
          <Field name="userName" label={t("signup.userName")} required autoComplete="name" maxLength={50} />
          <Field name="email" type="email" label={t("signup.email")} required autoComplete="email" inputMode="email" />
          <Field
            name="password"
            type="password"
            label={t("signup.password")}
            hint={t("signup.password.hint")}
            required
            autoComplete="new-password"
          />
          <Field name="passwordConfirm" type="password" label={t("signup.passwordConfirm")} required autoComplete="new-password" />
        </fieldset>
        <SubmitButton>{t("signup.submit")}</SubmitButton>
        <p className="muted">
          {t("signup.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
        </p>
      </ValidatedForm>
    </div>
  );
}
