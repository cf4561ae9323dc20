import type opendataZh from "./opendata.zh-CN";

const opendataEn: { [K in keyof typeof opendataZh]: string } = {
  "openData.title": "Open data",
  "openData.lead":
    "Every project is published in the Open Contracting Data Standard (OCDS 1.1, with the bids extension), from the notice through the opening, the award and the contract to the accepted delivery; agencies, projects, awards, contracts and sanctions can be downloaded in bulk. No personal data is included.",
  "openData.feed": "Change feed",
  "openData.feed.text":
    "Every event that changes a project's public record (publication, a revised notice, the opening, the award, the end of publicity, signing, a delivery, acceptance, failure, cancellation) makes one release, in the order they happened; a release's id is \"ocid-event number\" and it carries the project's state as of that event.",
  "openData.feed.paging":
    "At most {max} releases per page ({default} by default). Follow links.next to read on; at the end a page has no releases, and the same links.next fetches new changes later. Treat the cursor after as opaque.",
  "openData.feed.link": "Read the change feed",
  "openData.records": "Project records",
  "openData.records.text":
    "One record package per project: all its releases in date order and the compiled current state (compiledRelease). Reach it by project id or by ocid.",
  "openData.records.example": "Example: the record of the latest published project",
  "openData.bids":
    "Bids are sealed until the deadline; they appear in the data (bids extension) only once the deadline has passed and bidding has closed, exactly as on the project page.",
  "openData.ids": "Identifiers",
  "openData.ids.ocid":
    'The ocid is "{prefix}-project id". The prefix is set by OCDS_OCID_PREFIX; a public deployment should use a prefix registered with the Open Contracting Partnership.',
  "openData.ids.org":
    "Organisations are identified by their Unified Social Credit Code (USCC): codes starting with 9 (registered by market regulation) use CN-SAIC from org-id.guide; codes issued by other registration authorities (government departments, civil affairs …) use CN-USCC, documented here. Both are USCCs, unique nationwide.",
  "openData.ids.item":
    "The service item classification (classification.scheme = ZJCS-SERVICE) uses the codes of this site's service catalogue.",
  "openData.ids.money": "Amounts are in yuan (CNY), exact to the fen.",
  "openData.bulk": "Bulk downloads",
  "openData.bulk.text":
    "JSON Lines (one record per line) and CSV (UTF-8 with a header line), streamed page by page from the database, whatever their size.",
  "openData.bulk.col.dataset": "Dataset",
  "openData.bulk.col.content": "Contents",
  "openData.bulk.col.files": "Download",
  "openData.bulk.projects": "Projects",
  "openData.bulk.projects.text":
    "Published projects: title, state, selection method, service item, region, owner, price ceiling, deadline, number of bidders",
  "openData.bulk.awards": "Awards",
  "openData.bulk.awards.text": "Awarded agency, amount, publicity period, status",
  "openData.bulk.contracts": "Contracts",
  "openData.bulk.contracts.text": "Amount, signing date, due date, status, delivery and acceptance, working days late",
  "openData.bulk.agencies": "Agencies",
  "openData.bulk.agencies.text": "Name, USCC, region, business scope, date joined, credit grade and score",
  "openData.bulk.sanctions": "Sanctions",
  "openData.bulk.sanctions.text": "As on the sanctions page: type, subject, scope, period, issuing authority, legal basis",
  "openData.license": "Licence",
  "openData.license.text":
    'The data is published under the Creative Commons Attribution 4.0 International licence (CC BY 4.0): use, republish and transform it freely, crediting "中介超市".',
  "openData.privacy": "Personal data",
  "openData.privacy.text":
    "Only public information about organisations is included. Not included: user names, e-mail addresses, phone numbers, contact persons, legal representatives' names; complaint facts and complainants' identities; documents uploaded by the parties (only public, non-confidential notice attachments are linked).",
};

export default opendataEn;
