import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import { useT } from "~/lib/i18n-react";
import { titleMeta } from "~/lib/meta";
import { BULK_FORMATS, DATA_LICENSE_URL, DATASETS, FEED_DEFAULT_LIMIT, FEED_MAX_LIMIT } from "~/modules/opendata/ocds.rules";
import { latestPublishedProjectId, openDataConfig } from "~/modules/opendata/ocds.server";

export const meta = titleMeta("openData.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const cfg = openDataConfig(request);
  return { prefix: cfg.ocidPrefix, example: await latestPublishedProjectId(context.db) };
}

export default function OpenData() {
  const { prefix, example } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article>
      <h1>{t("openData.title")}</h1>
      <p className="lead">{t("openData.lead")}</p>

      <section className="section" aria-labelledby="od-feed">
        <h2 id="od-feed">{t("openData.feed")}</h2>
        <p>
          <code>GET /ocds/releases?after=&lt;cursor&gt;&amp;limit=&lt;1–{FEED_MAX_LIMIT}&gt;</code>
        </p>
        <p>{t("openData.feed.text")}</p>
        <p>{t("openData.feed.paging", { max: FEED_MAX_LIMIT, default: FEED_DEFAULT_LIMIT })}</p>
        <p>
          <a href="/ocds/releases" data-testid="feed-link">
            {t("openData.feed.link")}
          </a>
        </p>
        <p>{t("openData.bids")}</p>
      </section>

      <section className="section" aria-labelledby="od-records">
        <h2 id="od-records">{t("openData.records")}</h2>
        <p>
          <code>GET /ocds/records/&lt;project id | ocid&gt;</code>
        </p>
        <p>{t("openData.records.text")}</p>
        {example && (
          <p>
            <a href={`/ocds/records/${example}`} data-testid="record-link">
              {t("openData.records.example")}
            </a>
          </p>
        )}
      </section>

      <section className="section" aria-labelledby="od-bulk">
        <h2 id="od-bulk">{t("openData.bulk")}</h2>
        <p>{t("openData.bulk.text")}</p>
        <TableWrap label={t("openData.bulk")}>
          <table className="table" data-testid="bulk-files">
            <thead>
              <tr>
                <th scope="col">{t("openData.bulk.col.dataset")}</th>
                <th scope="col">{t("openData.bulk.col.content")}</th>
                <th scope="col">{t("openData.bulk.col.files")}</th>
              </tr>
            </thead>
            <tbody>
              {DATASETS.map((d) => (
                <tr key={d}>
                  <th scope="row">{t(`openData.bulk.${d}`)}</th>
                  <td>{t(`openData.bulk.${d}.text`)}</td>
                  <td>
                    {BULK_FORMATS.map((f, i) => {
                      const label = f === "jsonl" ? "JSON Lines" : "CSV";
                      return (
                        <span key={f}>
                          {i > 0 && " · "}
                          <a href={`/open-data/bulk/${d}.${f}`} download aria-label={`${t(`openData.bulk.${d}`)} ${label}`}>
                            {label}
                          </a>
                        </span>
                      );
                    })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>

      <section className="section" aria-labelledby="od-ids">
        <h2 id="od-ids">{t("openData.ids")}</h2>
        <ul>
          <li>{t("openData.ids.ocid", { prefix })}</li>
          <li>{t("openData.ids.org")}</li>
          <li>
            {t("openData.ids.item")} <Link to="/services">{t("nav.services")}</Link>
          </li>
          <li>{t("openData.ids.money")}</li>
        </ul>
      </section>

      <section className="section" aria-labelledby="od-licence">
        <h2 id="od-licence">{t("openData.license")}</h2>
        <p>
          {t("openData.license.text")}{" "}
          <a href={DATA_LICENSE_URL} rel="license">
            CC BY 4.0
          </a>
        </p>
      </section>

      <section className="section" aria-labelledby="od-privacy">
        <h2 id="od-privacy">{t("openData.privacy")}</h2>
        <p>{t("openData.privacy.text")}</p>
      </section>
    </article>
  );
}
