import { sql, type Kysely } from "kysely";

// Trust: reviews and department ratings, complaints, graded sanctions with affiliates and scope,
// versioned credit formulas and exclusion rules, stored eligibility answers, repair and appeal.
export async function up(db: Kysely<any>): Promise<void> {
  // Complaints: how long after the matter one may complain, and how long the regulator has to decide.
  await sql`
    alter table procedure_policies
      add column complaint_window_days integer not null default 90 check (complaint_window_days between 1 and 3650),
      add column complaint_decision_workdays integer not null default 15 check (complaint_decision_workdays between 1 and 120)`.execute(db);

  // Breach events are the credit events: two more kinds, and a correction voids one (never deletes it).
  await sql`alter table breach_events drop constraint breach_events_kind_check`.execute(db);
  await sql`
    alter table breach_events
      add constraint breach_events_kind_check check (kind in ('abandonedAward', 'lateSigning', 'lateDelivery', 'upheldComplaint', 'overcharge')),
      add column voided_at timestamptz,
      add column void_reason text`.execute(db);
  await sql`create unique index breach_events_overcharge_once on breach_events (project_id) where kind = 'overcharge'`.execute(db);

  // The credit scores a selection used, by bid id, so a draw can be re-run after scores move on.
  await sql`alter table selections add column credit_scores jsonb not null default '{}'::jsonb`.execute(db);

  // A contract may end early: terminated by the owner, with its reason public.
  await sql`alter table contracts add column terminated_at timestamptz, add column termination_reason text`.execute(db);

  // Reviews (服务评价): one per contract and direction; hidden until both are in or the reveal time.
  await sql`
    create table reviews (
      id uuid primary key default gen_random_uuid(),
      contract_id uuid not null references contracts(id),
      direction text not null check (direction in ('ofAgency', 'ofOwner')),
      reviewer_org_id uuid not null references organizations(id),
      reviewer_user_id uuid not null references users(id),
      subject_org_id uuid not null references organizations(id),
      overall smallint not null check (overall between 1 and 5),
      ratings jsonb not null,
      body text not null default '' check (char_length(body) <= 2000),
      submitted_at timestamptz not null default now(),
      visible_from timestamptz not null,
      reply text check (char_length(reply) between 2 and 2000),
      replied_at timestamptz,
      removed_at timestamptz,
      removed_reason text,
      unique (contract_id, direction)
    )`.execute(db);
  await sql`create index reviews_subject_idx on reviews (subject_org_id, visible_from desc)`.execute(db);
  // No edits after submitting: only the reveal (earlier, never later), one reply, and a removal pass.
  await sql`
    create function reviews_frozen() returns trigger language plpgsql as $$
    begin
      if new.overall is distinct from old.overall or new.ratings is distinct from old.ratings or new.body is distinct from old.body
         or new.reviewer_org_id is distinct from old.reviewer_org_id or new.subject_org_id is distinct from old.subject_org_id
         or new.contract_id is distinct from old.contract_id or new.direction is distinct from old.direction
         or new.submitted_at is distinct from old.submitted_at
         or new.visible_from > old.visible_from
         or (old.reply is not null and new.reply is distinct from old.reply)
         or (old.removed_at is not null and new.removed_at is distinct from old.removed_at) then
        raise exception 'a review cannot be changed after it is submitted' using errcode = 'P0001', hint = 'review_frozen';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger reviews_no_edit before update on reviews for each row execute function reviews_frozen()`.execute(db);
  await sql`
    create function reviews_kept() returns trigger language plpgsql as $$
    begin
      raise exception 'reviews are never deleted (a removal is recorded instead)' using errcode = 'P0001', hint = 'review_kept';
    end $$`.execute(db);
  await sql`create trigger reviews_no_delete before delete on reviews for each row execute function reviews_kept()`.execute(db);

  // Department ratings (部门评测): the competent department rates the output of a contract in its items.
  await sql`
    create table department_ratings (
      id uuid primary key default gen_random_uuid(),
      contract_id uuid not null references contracts(id),
      agency_id uuid not null references organizations(id),
      regulator_org_id uuid not null references organizations(id),
      rated_by uuid not null references users(id),
      score smallint not null check (score between 1 and 5),
      comment text not null check (char_length(comment) between 2 and 2000),
      created_at timestamptz not null default now(),
      unique (contract_id, regulator_org_id)
    )`.execute(db);
  await sql`create index department_ratings_agency_idx on department_ratings (agency_id, created_at desc)`.execute(db);

  // Complaints (投诉): about an agency or about an owner's project, always tied to a matter (project).
  await sql`
    create table complaints (
      id uuid primary key default gen_random_uuid(),
      complainant_org_id uuid not null references organizations(id),
      complainant_user_id uuid not null references users(id),
      subject_type text not null check (subject_type in ('agency', 'project')),
      agency_id uuid references organizations(id),
      project_id uuid not null references projects(id),
      facts text not null check (char_length(facts) between 20 and 5000),
      provisions text not null check (char_length(provisions) between 2 and 1000),
      evidence_file_id uuid references files(id),
      status text not null default 'pending' check (status in ('pending', 'upheld', 'dismissed')),
      due_at timestamptz not null,
      decision_reason text,
      decided_by uuid references users(id),
      decided_by_org uuid references organizations(id),
      decided_at timestamptz,
      created_at timestamptz not null default now(),
      check ((subject_type = 'agency') = (agency_id is not null)),
      check ((status = 'pending') = (decided_at is null))
    )`.execute(db);
  // One complaint per complainant, matter and subject: a second is refused, pending or decided.
  await sql`
    create unique index complaints_one_per_matter
      on complaints (complainant_org_id, project_id, subject_type, coalesce(agency_id, '00000000-0000-0000-0000-000000000000'::uuid))`.execute(
    db,
  );
  await sql`create index complaints_agency_idx on complaints (agency_id, created_at desc)`.execute(db);
  await sql`create index complaints_pending_idx on complaints (due_at) where status = 'pending'`.execute(db);

  // Sanctions (惩戒 and 奖励): graded, with affiliates by credit code (so a later sign-up is covered too).
  await sql`
    create table sanctions (
      id uuid primary key default gen_random_uuid(),
      type text not null check (type in ('warning', 'exposure', 'suspension', 'blacklist', 'removal', 'ban', 'penalty', 'reward', 'redlist')),
      subject_name text not null check (char_length(subject_name) between 2 and 200),
      grounds text not null check (char_length(grounds) between 2 and 5000),
      legal_basis text not null check (char_length(legal_basis) between 2 and 1000),
      decision_ref text not null check (char_length(decision_ref) between 1 and 200),
      document_file_id uuid references files(id),
      issued_by_org_id uuid not null references organizations(id),
      issued_by_user_id uuid references users(id),
      source text not null default 'platform' check (source in ('platform', 'reciprocal')),
      external_authority text,
      complaint_id uuid references complaints(id),
      scope_regions char(6)[] not null default '{}',
      scope_items integer[] not null default '{}',
      starts_at timestamptz not null,
      ends_at timestamptz,
      lifted_at timestamptz,
      lifted_reason text,
      lifted_by uuid references users(id),
      created_at timestamptz not null default now(),
      check (ends_at is null or ends_at > starts_at),
      check (type <> 'suspension' or ends_at is not null),
      check ((source = 'reciprocal') = (external_authority is not null)),
      unique (issued_by_org_id, decision_ref)
    )`.execute(db);
  await sql`create index sanctions_public_idx on sanctions (starts_at desc)`.execute(db);
  await sql`
    create table sanction_subjects (
      sanction_id uuid not null references sanctions(id) on delete cascade,
      credit_code char(18) not null check (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
      relation text not null check (relation in ('subject', 'controlled', 'controlling', 'successor')),
      name text not null,
      primary key (sanction_id, credit_code)
    )`.execute(db);
  await sql`create index sanction_subjects_code_idx on sanction_subjects (credit_code)`.execute(db);

  // Suspensions the exclusion rules propose (e.g. three abandoned awards in 12 months), for a regulator.
  await sql`
    create table sanction_proposals (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid not null references organizations(id),
      rule text not null,
      rule_version integer not null,
      proposed_type text not null default 'suspension',
      records jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'issued', 'dismissed')),
      sanction_id uuid references sanctions(id),
      decision_reason text,
      decided_by uuid references users(id),
      decided_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index sanction_proposals_one_pending on sanction_proposals (agency_id, rule) where status = 'pending'`.execute(
    db,
  );

  // Repair and appeal (信用修复、申诉): lift a sanction early, correct an event, or remove a review.
  await sql`
    create table trust_applications (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid not null references organizations(id),
      applicant_user_id uuid not null references users(id),
      kind text not null check (kind in ('liftSanction', 'correctEvent', 'appealReview')),
      sanction_id uuid references sanctions(id),
      breach_event_id uuid references breach_events(id),
      review_id uuid references reviews(id),
      reason_code text,
      grounds text not null check (char_length(grounds) between 10 and 5000),
      evidence_file_id uuid references files(id),
      status text not null default 'pending' check (status in ('pending', 'granted', 'refused')),
      decision_reason text,
      decided_by uuid references users(id),
      decided_by_org uuid references organizations(id),
      decided_at timestamptz,
      created_at timestamptz not null default now(),
      check (num_nonnulls(sanction_id, breach_event_id, review_id) = 1),
      check ((kind = 'liftSanction') = (sanction_id is not null)),
      check ((kind = 'correctEvent') = (breach_event_id is not null)),
      check ((kind = 'appealReview') = (review_id is not null and reason_code is not null))
    )`.execute(db);
  await sql`
    create unique index trust_applications_one_pending
      on trust_applications (kind, coalesce(sanction_id, breach_event_id, review_id)) where status = 'pending'`.execute(db);
  await sql`create index trust_applications_agency_idx on trust_applications (agency_id, created_at desc)`.execute(db);

  // The published credit formula, versioned; a version is in force from its effective date.
  await sql`
    create table credit_formulas (
      version integer primary key check (version >= 1),
      effective_from timestamptz not null,
      params jsonb not null,
      note text,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  // Narrow on purpose: the exclusion engine and the directory read grade and score for every agency at
  // once; the breakdown (every point's source) lives beside it.
  await sql`
    create table credit_scores (
      agency_id uuid primary key references organizations(id) on delete cascade,
      formula_version integer not null references credit_formulas(version),
      score_centi integer not null check (score_centi between 0 and 10000),
      grade char(1) not null check (grade in ('A', 'B', 'C', 'D')),
      computed_at timestamptz not null,
      next_change_at timestamptz
    )`.execute(db);
  await sql`
    create table credit_breakdowns (
      agency_id uuid primary key references credit_scores(agency_id) on delete cascade,
      breakdown jsonb not null
    )`.execute(db);
  // Every agency at once, read from the index alone (id, credit code, legal representative).
  await sql`create index organizations_agencies_idx on organizations (id) include (credit_code, legal_representative) where kind = 'agency'`.execute(
    db,
  );
  await sql`create index credit_scores_rank_idx on credit_scores (score_centi desc, agency_id)`.execute(db);
  await sql`create index credit_scores_next_idx on credit_scores (next_change_at)`.execute(db);

  // Exclusion rules, versioned data; every answer at a gate is stored with the version and its records.
  await sql`
    create table exclusion_rule_sets (
      version integer primary key check (version >= 1),
      effective_from timestamptz not null,
      rules jsonb not null,
      note text,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table eligibility_checks (
      id bigserial primary key,
      agency_id uuid not null references organizations(id),
      project_id uuid not null references projects(id) on delete cascade,
      gate text not null check (gate in ('bid', 'opening', 'award', 'contract')),
      eligible boolean not null,
      rule_version integer not null references exclusion_rule_sets(version),
      reasons text[] not null,
      records jsonb not null,
      checked_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index eligibility_checks_subject_idx on eligibility_checks (project_id, agency_id, checked_at desc)`.execute(db);

  // Version 1 of both, as the trust issue sets them out (regulators publish later versions).
  await sql`
    insert into credit_formulas (version, effective_from, params, note) values (1, '2020-01-01T00:00:00Z', ${JSON.stringify(FORMULA_V1)}::jsonb,
      '默认公式：业主评价 50%、部门评测 30%、按期履约 20%；扣分项到期后不再扣分（信用修复）；奖励加分封顶。')`.execute(db);
  await sql`
    insert into exclusion_rule_sets (version, effective_from, rules, note) values (1, '2020-01-01T00:00:00Z', ${JSON.stringify(RULES_V1)}::jsonb,
      '默认规则：惩戒在效且范围覆盖项目者不得参与；信用等级 D 不得参与随机抽取和信用优先选取；缺少核验资质者不得参与；关联关系回避；12 个月内放弃中选 3 次提请暂停。')`.execute(
    db,
  );
}

// Frozen copies of version 1 (the code's defaults may move on; the published version 1 does not).
const FORMULA_V1 = {
  weights: { reviews: 50, department: 30, delivery: 20 },
  reviews: { priorMean: 4, priorWeight: 5, halfLifeDays: 365 },
  department: { priorMean: 4, priorWeight: 3, halfLifeDays: 365 },
  delivery: { priorOnTime: 0.9, priorWeight: 3, halfLifeDays: 365 },
  deductions: {
    upheldComplaint: { points: 5, months: 12 },
    warning: { points: 3, months: 12 },
    exposure: { points: 8, months: 24 },
    abandonedAward: { points: 5, months: 12 },
    lateDelivery: { points: 4, months: 12 },
    lateSigning: { points: 1, months: 6 },
    overcharge: { points: 5, months: 12 },
    penalty: { points: 10, months: 36 },
    suspension: { points: 15, months: 24 },
    blacklist: { points: 30, months: 36 },
    removal: { points: 40, months: 60 },
    ban: { points: 40, months: 60 },
  },
  lateDeliveryMinWorkdays: 10,
  rewards: { reward: { points: 3, months: 24 }, redlist: { points: 5, months: 24 }, cap: 10 },
  grades: { A: 90, B: 75, C: 60 },
};

const RULES_V1 = {
  sanction: { enabled: true, types: ["suspension", "blacklist", "removal", "ban"] },
  creditGrade: { enabled: true, grades: ["D"], methods: ["randomDraw", "creditPreferred"] },
  qualification: { enabled: true },
  conflictOfInterest: { enabled: true },
  abandonedAwards: { enabled: true, count: 3, months: 12 },
};

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "eligibility_checks",
    "exclusion_rule_sets",
    "credit_breakdowns",
    "credit_scores",
    "credit_formulas",
    "trust_applications",
    "sanction_proposals",
    "sanction_subjects",
    "sanctions",
    "complaints",
    "department_ratings",
    "reviews",
  ]) {
    await sql`drop table if exists ${sql.table(t)} cascade`.execute(db);
  }
  await sql`drop index if exists organizations_agencies_idx`.execute(db);
  await sql`drop function if exists reviews_frozen()`.execute(db);
  await sql`drop function if exists reviews_kept()`.execute(db);
  await sql`alter table selections drop column if exists credit_scores`.execute(db);
  await sql`alter table contracts drop column if exists terminated_at, drop column if exists termination_reason`.execute(db);
  await sql`drop index if exists breach_events_overcharge_once`.execute(db);
  await sql`alter table breach_events drop column if exists voided_at, drop column if exists void_reason`.execute(db);
  await sql`alter table breach_events drop constraint breach_events_kind_check`.execute(db);
  await sql`alter table breach_events add constraint breach_events_kind_check check (kind in ('abandonedAward', 'lateSigning', 'lateDelivery'))`.execute(
    db,
  );
  await sql`alter table procedure_policies drop column if exists complaint_window_days, drop column if exists complaint_decision_workdays`.execute(
    db,
  );
}
