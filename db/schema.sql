-- The schema the migrations build, read from PostgreSQL's catalog by `npm run db:schema`;
-- `npm run db:schema -- --verify` checks it. Generated: change a migration, never this file.

CREATE EXTENSION pg_trgm;

CREATE SEQUENCE agency_service_versions_id_seq AS bigint START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1 OWNED BY agency_service_versions.id;

CREATE SEQUENCE audit_events_id_seq AS bigint START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1 OWNED BY audit_events.id;

CREATE SEQUENCE case_messages_id_seq AS bigint START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1 OWNED BY case_messages.id;

CREATE SEQUENCE eligibility_checks_id_seq AS bigint START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1 OWNED BY eligibility_checks.id;

CREATE SEQUENCE procedure_policies_id_seq AS integer START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 OWNED BY procedure_policies.id;

CREATE SEQUENCE red_flag_hits_id_seq AS bigint START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1 OWNED BY red_flag_hits.id;

CREATE SEQUENCE service_items_id_seq AS integer START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 OWNED BY service_items.id;

CREATE TABLE agency_service_versions (
  id bigint DEFAULT nextval('agency_service_versions_id_seq'::regclass) NOT NULL,
  agency_service_id uuid NOT NULL,
  version integer NOT NULL,
  active boolean NOT NULL,
  fee_mode text NOT NULL,
  fee_min_fen bigint,
  fee_max_fen bigint,
  fee_rate_bp integer,
  fee_basis text,
  committed_days integer NOT NULL,
  pledge text NOT NULL,
  regions character(6)[] NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  created_by uuid,
  CONSTRAINT agency_service_versions_agency_service_id_fkey FOREIGN KEY (agency_service_id) REFERENCES agency_services(id) ON DELETE CASCADE,
  CONSTRAINT agency_service_versions_agency_service_id_version_key UNIQUE (agency_service_id, version),
  CONSTRAINT agency_service_versions_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id),
  CONSTRAINT agency_service_versions_pkey PRIMARY KEY (id)
);

CREATE TABLE agency_services (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  agency_id uuid NOT NULL,
  service_item_id integer NOT NULL,
  version integer DEFAULT 1 NOT NULL,
  active boolean DEFAULT true NOT NULL,
  fee_mode text NOT NULL,
  fee_min_fen bigint,
  fee_max_fen bigint,
  fee_rate_bp integer,
  fee_basis text,
  committed_days integer NOT NULL,
  pledge text NOT NULL,
  regions character(6)[] DEFAULT '{}'::bpchar[] NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT agency_services_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES organizations(id) ON DELETE CASCADE,
  CONSTRAINT agency_services_agency_id_service_item_id_key UNIQUE (agency_id, service_item_id),
  CONSTRAINT agency_services_check CHECK (fee_mode <> 'fixed'::text OR fee_min_fen IS NOT NULL AND fee_max_fen = fee_min_fen),
  CONSTRAINT agency_services_check1 CHECK (fee_mode <> 'range'::text OR fee_min_fen IS NOT NULL AND fee_max_fen > fee_min_fen),
  CONSTRAINT agency_services_check2 CHECK (fee_mode <> 'rate'::text OR fee_rate_bp IS NOT NULL AND fee_basis IS NOT NULL AND fee_min_fen IS NULL AND fee_max_fen IS NULL),
  CONSTRAINT agency_services_committed_days_check CHECK (committed_days >= 1 AND committed_days <= 3650),
  CONSTRAINT agency_services_fee_min_fen_check CHECK (fee_min_fen >= 0),
  CONSTRAINT agency_services_fee_mode_check CHECK (fee_mode = ANY (ARRAY['fixed'::text, 'range'::text, 'rate'::text])),
  CONSTRAINT agency_services_fee_rate_bp_check CHECK (fee_rate_bp > 0 AND fee_rate_bp <= 10000),
  CONSTRAINT agency_services_pkey PRIMARY KEY (id),
  CONSTRAINT agency_services_service_item_id_fkey FOREIGN KEY (service_item_id) REFERENCES service_items(id),
  CONSTRAINT agency_services_version_check CHECK (version >= 1)
);
CREATE INDEX agency_services_item_fee_idx ON public.agency_services USING btree (service_item_id, fee_min_fen, agency_id) WHERE active;
CREATE INDEX agency_services_regions_idx ON public.agency_services USING gin (regions);

CREATE TABLE assessments (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  agency_id uuid NOT NULL,
  regulator_org_id uuid NOT NULL,
  quarter character(7) NOT NULL,
  efficiency smallint NOT NULL,
  fees smallint NOT NULL,
  quality smallint NOT NULL,
  integrity smallint NOT NULL,
  satisfaction smallint NOT NULL,
  adjustment smallint DEFAULT 0 NOT NULL,
  adjustment_reason text,
  total smallint NOT NULL,
  grade text NOT NULL,
  facts jsonb NOT NULL,
  assessed_by uuid NOT NULL,
  published_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT assessments_adjustment_check CHECK (adjustment >= '-20'::integer AND adjustment <= 20),
  CONSTRAINT assessments_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES organizations(id),
  CONSTRAINT assessments_agency_id_regulator_org_id_quarter_key UNIQUE (agency_id, regulator_org_id, quarter),
  CONSTRAINT assessments_assessed_by_fkey FOREIGN KEY (assessed_by) REFERENCES users(id),
  CONSTRAINT assessments_check CHECK (adjustment = 0 OR adjustment_reason IS NOT NULL),
  CONSTRAINT assessments_efficiency_check CHECK (efficiency >= 0 AND efficiency <= 100),
  CONSTRAINT assessments_fees_check CHECK (fees >= 0 AND fees <= 100),
  CONSTRAINT assessments_grade_check CHECK (grade = ANY (ARRAY['excellent'::text, 'good'::text, 'fair'::text, 'poor'::text])),
  CONSTRAINT assessments_integrity_check CHECK (integrity >= 0 AND integrity <= 100),
  CONSTRAINT assessments_pkey PRIMARY KEY (id),
  CONSTRAINT assessments_quality_check CHECK (quality >= 0 AND quality <= 100),
  CONSTRAINT assessments_quarter_check CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'::text),
  CONSTRAINT assessments_regulator_org_id_fkey FOREIGN KEY (regulator_org_id) REFERENCES organizations(id),
  CONSTRAINT assessments_satisfaction_check CHECK (satisfaction >= 0 AND satisfaction <= 100),
  CONSTRAINT assessments_total_check CHECK (total >= 0 AND total <= 100)
);
CREATE INDEX assessments_agency_idx ON public.assessments USING btree (agency_id, published_at DESC);

CREATE TABLE audit_events (
  id bigint DEFAULT nextval('audit_events_id_seq'::regclass) NOT NULL,
  occurred_at timestamp with time zone NOT NULL,
  actor_user_id uuid,
  actor_org_id uuid,
  action text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  data jsonb DEFAULT '{}'::jsonb NOT NULL,
  prev_hash character(64) NOT NULL,
  hash character(64) NOT NULL,
  CONSTRAINT audit_events_hash_key UNIQUE (hash),
  CONSTRAINT audit_events_pkey PRIMARY KEY (id),
  CONSTRAINT audit_events_prev_hash_key UNIQUE (prev_hash)
);
CREATE INDEX audit_events_projects_idx ON public.audit_events USING btree (id) WHERE (subject_type = 'project'::text);
CREATE INDEX audit_events_subject_idx ON public.audit_events USING btree (subject_type, subject_id, id);
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_update BEFORE DELETE OR UPDATE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE TABLE awards (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  project_id uuid NOT NULL,
  agency_org_id uuid NOT NULL,
  price_fen bigint NOT NULL,
  status text DEFAULT 'publicity'::text NOT NULL,
  awarded_at timestamp with time zone DEFAULT now() NOT NULL,
  bid_id uuid,
  publicity_ends_at timestamp with time zone,
  finalized_at timestamp with time zone,
  annulled_reason text,
  CONSTRAINT awards_agency_org_id_fkey FOREIGN KEY (agency_org_id) REFERENCES organizations(id),
  CONSTRAINT awards_bid_id_fkey FOREIGN KEY (bid_id) REFERENCES bids(id),
  CONSTRAINT awards_pkey PRIMARY KEY (id),
  CONSTRAINT awards_price_fen_check CHECK (price_fen > 0),
  CONSTRAINT awards_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id),
  CONSTRAINT awards_status_check CHECK (status = ANY (ARRAY['publicity'::text, 'final'::text, 'annulled'::text]))
);
CREATE INDEX awards_agency_idx ON public.awards USING btree (agency_org_id);
CREATE INDEX awards_awarded_at_idx ON public.awards USING btree (awarded_at);
CREATE UNIQUE INDEX awards_one_live_per_project ON public.awards USING btree (project_id) WHERE (status <> 'annulled'::text);
CREATE INDEX awards_project_idx ON public.awards USING btree (project_id, awarded_at);
CREATE INDEX awards_publicity_due_idx ON public.awards USING btree (publicity_ends_at) WHERE (status = 'publicity'::text);

CREATE TABLE bid_documents (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  bid_id uuid NOT NULL,
  project_id uuid NOT NULL,
  agency_id uuid NOT NULL,
  file_id uuid NOT NULL,
  kind text NOT NULL,
  file_name text NOT NULL,
  size_bytes integer NOT NULL,
  sha256 character(64) NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT bid_documents_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES organizations(id),
  CONSTRAINT bid_documents_bid_id_fkey FOREIGN KEY (bid_id) REFERENCES bids(id) ON DELETE CASCADE,
  CONSTRAINT bid_documents_file_id_fkey FOREIGN KEY (file_id) REFERENCES files(id),
  CONSTRAINT bid_documents_file_name_check CHECK (char_length(file_name) >= 1 AND char_length(file_name) <= 200),
  CONSTRAINT bid_documents_kind_check CHECK (kind = ANY (ARRAY['technical'::text, 'qualification'::text, 'other'::text])),
  CONSTRAINT bid_documents_pkey PRIMARY KEY (id),
  CONSTRAINT bid_documents_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id),
  CONSTRAINT bid_documents_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'::text),
  CONSTRAINT bid_documents_size_bytes_check CHECK (size_bytes > 0)
);
CREATE INDEX bid_documents_bid_idx ON public.bid_documents USING btree (bid_id);
CREATE INDEX bid_documents_file_idx ON public.bid_documents USING btree (file_id);

CREATE TABLE bid_receipts (
  id uuid NOT NULL,
  bid_id uuid NOT NULL,
  project_id uuid NOT NULL,
  agency_id uuid NOT NULL,
  action text NOT NULL,
  version integer NOT NULL,
  commitment character(64) NOT NULL,
  bid_hash character(64) NOT NULL,
  documents jsonb DEFAULT '[]'::jsonb NOT NULL,
  received_at timestamp with time zone NOT NULL,
  receipt_hash character(64) NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT bid_receipts_action_check CHECK (action = ANY (ARRAY['submitted'::text, 'revised'::text, 'withdrawn'::text])),
  CONSTRAINT bid_receipts_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES organizations(id),
  CONSTRAINT bid_receipts_bid_id_fkey FOREIGN KEY (bid_id) REFERENCES bids(id),
  CONSTRAINT bid_receipts_commitment_check CHECK (commitment ~ '^[0-9a-f]{64}$'::text),
  CONSTRAINT bid_receipts_pkey PRIMARY KEY (id),
  CONSTRAINT bid_receipts_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id),
  CONSTRAINT bid_receipts_receipt_hash_check CHECK (receipt_hash ~ '^[0-9a-f]{64}$'::text),
  CONSTRAINT bid_receipts_receipt_hash_key UNIQUE (receipt_hash),
  CONSTRAINT bid_receipts_version_check CHECK (version >= 1)
);
CREATE INDEX bid_receipts_agency_idx ON public.bid_receipts USING btree (agency_id, project_id, received_at);
CREATE INDEX bid_receipts_bid_idx ON public.bid_receipts USING btree (bid_id);
CREATE TRIGGER bid_receipts_no_truncate BEFORE TRUNCATE ON bid_receipts FOR EACH STATEMENT EXECUTE FUNCTION bid_receipts_append_only();
CREATE TRIGGER bid_receipts_no_update BEFORE DELETE OR UPDATE ON bid_receipts FOR EACH ROW EXECUTE FUNCTION bid_receipts_append_only();

CREATE TABLE bids (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  project_id uuid NOT NULL,
  agency_id uuid NOT NULL,
  price_fen bigint NOT NULL,
  committed_days integer NOT NULL,
  proposal text,
  status text DEFAULT 'submitted'::text NOT NULL,
  status_reason text,
  version integer DEFAULT 1 NOT NULL,
  hash character(64) NOT NULL,
  submitted_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  received_at timestamp with time zone,
  nonce text,
  justification text,
  CONSTRAINT bids_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES organizations(id),
  CONSTRAINT bids_committed_days_check CHECK (committed_days >= 1 AND committed_days <= 3650),
  CONSTRAINT bids_justification_check CHECK (justification IS NULL OR char_length(justification) >= 1 AND char_length(justification) <= 5000),
  CONSTRAINT bids_pkey PRIMARY KEY (id),
  CONSTRAINT bids_price_fen_check CHECK (price_fen > 0),
  CONSTRAINT bids_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
  CONSTRAINT bids_status_check CHECK (status = ANY (ARRAY['submitted'::text, 'withdrawn'::text, 'voided'::text, 'invalid'::text]))
);
CREATE INDEX bids_agency_idx ON public.bids USING btree (agency_id, submitted_at DESC);
CREATE UNIQUE INDEX bids_one_live_per_agency ON public.bids USING btree (project_id, agency_id) WHERE (status = 'submitted'::text);
CREATE INDEX bids_project_idx ON public.bids USING btree (project_id, status);
CREATE TRIGGER bids_deadline BEFORE INSERT OR UPDATE ON bids FOR EACH ROW EXECUTE FUNCTION bids_before_deadline();

CREATE TABLE breach_events (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  agency_id uuid NOT NULL,
  project_id uuid,
  kind text NOT NULL,
  details jsonb DEFAULT '{}'::jsonb NOT NULL,
  occurred_at timestamp with time zone DEFAULT now() NOT NULL,
  voided_at timestamp with time zone,
  void_reason text,
  CONSTRAINT breach_events_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES organizations(id),
  CONSTRAINT breach_events_kind_check CHECK (kind = ANY (ARRAY['abandonedAward'::text, 'lateSigning'::text, 'lateDelivery'::text, 'upheldComplaint'::text, 'overcharge'::text, 'monitoringFinding'::text])),
  CONSTRAINT breach_events_pkey PRIMARY KEY (id),
  CONSTRAINT breach_events_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id)
);
CREATE INDEX breach_events_agency_idx ON public.breach_events USING btree (agency_id, occurred_at DESC);
CREATE UNIQUE INDEX breach_events_late_signing_once ON public.breach_events USING btree (project_id) WHERE (kind = 'lateSigning'::text);
CREATE UNIQUE INDEX breach_events_overcharge_once ON public.breach_events USING btree (project_id) WHERE (kind = 'overcharge'::text);

CREATE TABLE case_messages (
  id bigint DEFAULT nextval('case_messages_id_seq'::regclass) NOT NULL,
  case_id uuid NOT NULL,
  author_org_id uuid NOT NULL,
  author_user_id uuid NOT NULL,
  body text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT case_messages_author_org_id_fkey FOREIGN KEY (author_org_id) REFERENCES organizations(id),
  CONSTRAINT case_messages_author_user_id_fkey FOREIGN KEY (author_user_id) REFERENCES users(id),
  CONSTRAINT case_messages_body_check CHECK (char_length(body) >= 2 AND char_length(body) <= 5000),
  CONSTRAINT case_messages_case_id_fkey FOREIGN KEY (case_id) REFERENCES monitoring_cases(id) ON DELETE CASCADE,
  CONSTRAINT case_messages_pkey PRIMARY KEY (id)
);
CREATE INDEX case_messages_case_idx ON public.case_messages USING btree (case_id, id);

CREATE TABLE complaints (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  complainant_org_id uuid NOT NULL,
  complainant_user_id uuid NOT NULL,
  subject_type text NOT NULL,
  agency_id uuid,
  project_id uuid NOT NULL,
  facts text NOT NULL,
  provisions text NOT NULL,
  evidence_file_id uuid,
  status text DEFAULT 'pending'::text NOT NULL,
  due_at timestamp with time zone NOT NULL,
  decision_reason text,
  decided_by uuid,
  decided_by_org uuid,
  decided_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT complaints_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES organizations(id),
  CONSTRAINT complaints_check CHECK ((subject_type = 'agency'::text) = (agency_id IS NOT NULL)),
  CONSTRAINT complaints_check1 CHECK ((status = 'pending'::text) = (decided_at IS NULL)),
  CONSTRAINT complaints_complainant_org_id_fkey FOREIGN KEY (complainant_org_id) REFERENCES organizations(id),
  CONSTRAINT complaints_complainant_user_id_fkey FOREIGN KEY (complainant_user_id) REFERENCES users(id),
  CONSTRAINT complaints_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES users(id),
  CONSTRAINT complaints_decided_by_org_fkey FOREIGN KEY (decided_by_org) REFERENCES organizations(id),
  CONSTRAINT complaints_evidence_file_id_fkey FOREIGN KEY (evidence_file_id) REFERENCES files(id),
  CONSTRAINT complaints_facts_check CHECK (char_length(facts) >= 20 AND char_length(facts) <= 5000),
  CONSTRAINT complaints_pkey PRIMARY KEY (id),
  CONSTRAINT complaints_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id),
  CONSTRAINT complaints_provisions_check CHECK (char_length(provisions) >= 2 AND char_length(provisions) <= 1000),
  CONSTRAINT complaints_status_check CHECK (status = ANY (ARRAY['pending'::text, 'upheld'::text, 'dismissed'::text])),
  CONSTRAINT complaints_subject_type_check CHECK (subject_type = ANY (ARRAY['agency'::text, 'project'::text]))
);
CREATE INDEX complaints_agency_idx ON public.complaints USING btree (agency_id, created_at DESC);
CREATE UNIQUE INDEX complaints_one_per_matter ON public.complaints USING btree (complainant_org_id, project_id, subject_type, COALESCE(agency_id, '00000000-0000-0000-0000-000000000000'::uuid));
CREATE INDEX complaints_pending_idx ON public.complaints USING btree (due_at) WHERE (status = 'pending'::text);
CREATE INDEX complaints_project_idx ON public.complaints USING btree (project_id);

CREATE TABLE contract_milestones (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  contract_id uuid NOT NULL,
  seq integer NOT NULL,
  title text NOT NULL,
  amount_fen bigint NOT NULL,
  accepted_at timestamp with time zone,
  CONSTRAINT contract_milestones_amount_fen_check CHECK (amount_fen > 0),
  CONSTRAINT contract_milestones_contract_id_fkey FOREIGN KEY (contract_id) REFERENCES contracts(id) ON DELETE CASCADE,
  CONSTRAINT contract_milestones_contract_id_seq_key UNIQUE (contract_id, seq),
  CONSTRAINT contract_milestones_pkey PRIMARY KEY (id),
  CONSTRAINT contract_milestones_seq_check CHECK (seq >= 1),
  CONSTRAINT contract_milestones_title_check CHECK (char_length(title) >= 2 AND char_length(title) <= 200)
);
CREATE CONSTRAINT TRIGGER contract_milestones_sum AFTER INSERT OR DELETE OR UPDATE ON contract_milestones DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION milestones_sum_check();

CREATE TABLE contracts (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  project_id uuid NOT NULL,
  award_id uuid NOT NULL,
  agency_id uuid NOT NULL,
  owner_org_id uuid NOT NULL,
  amount_fen bigint NOT NULL,
  committed_days integer NOT NULL,
  signed_on date NOT NULL,
  due_on date NOT NULL,
  document_file_id uuid,
  status text DEFAULT 'signed'::text NOT NULL,
  delivered_at timestamp with time zone,
  completed_at timestamp with time zone,
  late_workdays integer,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  terminated_at timestamp with time zone,
  termination_reason text,
  payment_state text DEFAULT 'unfunded'::text NOT NULL,
  CONSTRAINT contracts_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES organizations(id),
  CONSTRAINT contracts_amount_fen_check CHECK (amount_fen > 0),
  CONSTRAINT contracts_award_id_fkey FOREIGN KEY (award_id) REFERENCES awards(id),
  CONSTRAINT contracts_award_id_key UNIQUE (award_id),
  CONSTRAINT contracts_committed_days_check CHECK (committed_days >= 1),
  CONSTRAINT contracts_document_file_id_fkey FOREIGN KEY (document_file_id) REFERENCES files(id),
  CONSTRAINT contracts_owner_org_id_fkey FOREIGN KEY (owner_org_id) REFERENCES organizations(id),
  CONSTRAINT contracts_payment_state_check CHECK (payment_state = ANY (ARRAY['unfunded'::text, 'funding'::text, 'funded'::text, 'partlyReleased'::text, 'released'::text, 'refunded'::text, 'partlyRefunded'::text])),
  CONSTRAINT contracts_pkey PRIMARY KEY (id),
  CONSTRAINT contracts_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id),
  CONSTRAINT contracts_project_id_key UNIQUE (project_id),
  CONSTRAINT contracts_status_check CHECK (status = ANY (ARRAY['signed'::text, 'delivered'::text, 'completed'::text, 'terminated'::text]))
);
CREATE INDEX contracts_agency_idx ON public.contracts USING btree (agency_id, created_at DESC);
CREATE INDEX contracts_open_due_idx ON public.contracts USING btree (due_on) WHERE (status = ANY (ARRAY['signed'::text, 'delivered'::text]));
CREATE INDEX contracts_owner_idx ON public.contracts USING btree (owner_org_id, created_at DESC);

CREATE TABLE credit_breakdowns (
  agency_id uuid NOT NULL,
  breakdown jsonb NOT NULL,
  CONSTRAINT credit_breakdowns_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES credit_scores(agency_id) ON DELETE CASCADE,
  CONSTRAINT credit_breakdowns_pkey PRIMARY KEY (agency_id)
);

CREATE TABLE credit_formulas (
  version integer NOT NULL,
  effective_from timestamp with time zone NOT NULL,
  params jsonb NOT NULL,
  note text,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT credit_formulas_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id),
  CONSTRAINT credit_formulas_pkey PRIMARY KEY (version),
  CONSTRAINT credit_formulas_version_check CHECK (version >= 1)
);

CREATE TABLE credit_scores (
  agency_id uuid NOT NULL,
  formula_version integer NOT NULL,
  score_centi integer NOT NULL,
  grade character(1) NOT NULL,
  computed_at timestamp with time zone NOT NULL,
  next_change_at timestamp with time zone,
  CONSTRAINT credit_scores_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES organizations(id) ON DELETE CASCADE,
  CONSTRAINT credit_scores_formula_version_fkey FOREIGN KEY (formula_version) REFERENCES credit_formulas(version),
  CONSTRAINT credit_scores_grade_check CHECK (grade = ANY (ARRAY['A'::bpchar, 'B'::bpchar, 'C'::bpchar, 'D'::bpchar])),
  CONSTRAINT credit_scores_pkey PRIMARY KEY (agency_id),
  CONSTRAINT credit_scores_score_centi_check CHECK (score_centi >= 0 AND score_centi <= 10000)
);
CREATE INDEX credit_scores_next_idx ON public.credit_scores USING btree (next_change_at);
CREATE INDEX credit_scores_rank_idx ON public.credit_scores USING btree (score_centi DESC, agency_id);

CREATE TABLE dashboard_months (
  region_key text COLLATE "C" NOT NULL,
  month date NOT NULL,
  service_item_id integer NOT NULL,
  published integer DEFAULT 0 NOT NULL,
  awards integer DEFAULT 0 NOT NULL,
  award_fen bigint DEFAULT 0 NOT NULL,
  ceiling_awards integer DEFAULT 0 NOT NULL,
  ceiling_fen bigint DEFAULT 0 NOT NULL,
  ceiling_award_fen bigint DEFAULT 0 NOT NULL,
  speed_1 integer DEFAULT 0 NOT NULL,
  speed_2 integer DEFAULT 0 NOT NULL,
  speed_3 integer DEFAULT 0 NOT NULL,
  speed_4 integer DEFAULT 0 NOT NULL,
  speed_5 integer DEFAULT 0 NOT NULL,
  speed_6 integer DEFAULT 0 NOT NULL,
  speed_7 integer DEFAULT 0 NOT NULL,
  speed_8 integer DEFAULT 0 NOT NULL,
  contracts integer DEFAULT 0 NOT NULL,
  CONSTRAINT dashboard_months_pkey PRIMARY KEY (region_key, month, service_item_id)
);

CREATE TABLE deliveries (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  contract_id uuid NOT NULL,
  note text NOT NULL,
  file_id uuid,
  status text DEFAULT 'submitted'::text NOT NULL,
  decision_reason text,
  decided_at timestamp with time zone,
  submitted_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT deliveries_contract_id_fkey FOREIGN KEY (contract_id) REFERENCES contracts(id) ON DELETE CASCADE,
  CONSTRAINT deliveries_file_id_fkey FOREIGN KEY (file_id) REFERENCES files(id),
  CONSTRAINT deliveries_pkey PRIMARY KEY (id),
  CONSTRAINT deliveries_status_check CHECK (status = ANY (ARRAY['submitted'::text, 'accepted'::text, 'returned'::text]))
);
CREATE INDEX deliveries_contract_idx ON public.deliveries USING btree (contract_id, submitted_at);
CREATE UNIQUE INDEX deliveries_one_open ON public.deliveries USING btree (contract_id) WHERE (status = 'submitted'::text);

CREATE TABLE department_ratings (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  contract_id uuid NOT NULL,
  agency_id uuid NOT NULL,
  regulator_org_id uuid NOT NULL,
  rated_by uuid NOT NULL,
  score smallint NOT NULL,
  comment text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT department_ratings_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES organizations(id),
  CONSTRAINT department_ratings_comment_check CHECK (char_length(comment) >= 2 AND char_length(comment) <= 2000),
  CONSTRAINT department_ratings_contract_id_fkey FOREIGN KEY (contract_id) REFERENCES contracts(id),
  CONSTRAINT department_ratings_contract_id_regulator_org_id_key UNIQUE (contract_id, regulator_org_id),
  CONSTRAINT department_ratings_pkey PRIMARY KEY (id),
  CONSTRAINT department_ratings_rated_by_fkey FOREIGN KEY (rated_by) REFERENCES users(id),
  CONSTRAINT department_ratings_regulator_org_id_fkey FOREIGN KEY (regulator_org_id) REFERENCES organizations(id),
  CONSTRAINT department_ratings_score_check CHECK (score >= 1 AND score <= 5)
);
CREATE INDEX department_ratings_agency_idx ON public.department_ratings USING btree (agency_id, created_at DESC);

CREATE TABLE draw_beacons (
  project_id uuid NOT NULL,
  algorithm text DEFAULT 'zjcs-draw-v2'::text NOT NULL,
  chain jsonb NOT NULL,
  designated_round bigint NOT NULL,
  designated_round_at timestamp with time zone NOT NULL,
  entries jsonb,
  list_hash character(64),
  opened_at timestamp with time zone,
  draw_round bigint,
  draw_round_at timestamp with time zone,
  delayed boolean DEFAULT false NOT NULL,
  beacon_signature text,
  beacon_randomness character(64),
  beacon_fetched_at timestamp with time zone,
  CONSTRAINT draw_beacons_check CHECK ((list_hash IS NULL) = (draw_round IS NULL)),
  CONSTRAINT draw_beacons_check1 CHECK (beacon_signature IS NULL OR list_hash IS NOT NULL),
  CONSTRAINT draw_beacons_designated_round_check CHECK (designated_round >= 1),
  CONSTRAINT draw_beacons_draw_round_check CHECK (draw_round >= 1),
  CONSTRAINT draw_beacons_pkey PRIMARY KEY (project_id),
  CONSTRAINT draw_beacons_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE
);
CREATE INDEX draw_beacons_waiting_idx ON public.draw_beacons USING btree (draw_round_at) WHERE ((list_hash IS NOT NULL) AND (beacon_signature IS NULL));

CREATE TABLE draw_shares (
  project_id uuid NOT NULL,
  algorithm text DEFAULT 'zjcs-draw-v2-share'::text NOT NULL,
  office_id uuid NOT NULL,
  requested_at timestamp with time zone DEFAULT now() NOT NULL,
  commitment character(64),
  committed_at timestamp with time zone,
  committed_by uuid,
  entries jsonb,
  list_hash character(64),
  opened_at timestamp with time zone,
  reveal_due_at timestamp with time zone,
  share character(64),
  revealed_at timestamp with time zone,
  revealed_by uuid,
  escalated_at timestamp with time zone,
  CONSTRAINT draw_shares_check CHECK ((commitment IS NULL) = (committed_at IS NULL)),
  CONSTRAINT draw_shares_check1 CHECK ((list_hash IS NULL) = (opened_at IS NULL)),
  CONSTRAINT draw_shares_check2 CHECK ((share IS NULL) = (revealed_at IS NULL)),
  CONSTRAINT draw_shares_check3 CHECK (share IS NULL OR commitment IS NOT NULL AND list_hash IS NOT NULL),
  CONSTRAINT draw_shares_commitment_check CHECK (commitment ~ '^[0-9a-f]{64}$'::text),
  CONSTRAINT draw_shares_committed_by_fkey FOREIGN KEY (committed_by) REFERENCES users(id),
  CONSTRAINT draw_shares_office_id_fkey FOREIGN KEY (office_id) REFERENCES organizations(id),
  CONSTRAINT draw_shares_pkey PRIMARY KEY (project_id),
  CONSTRAINT draw_shares_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
  CONSTRAINT draw_shares_revealed_by_fkey FOREIGN KEY (revealed_by) REFERENCES users(id),
  CONSTRAINT draw_shares_share_check CHECK (share ~ '^[0-9a-f]{64}$'::text)
);
CREATE INDEX draw_shares_due_idx ON public.draw_shares USING btree (reveal_due_at) WHERE ((share IS NULL) AND (escalated_at IS NULL));
CREATE INDEX draw_shares_office_idx ON public.draw_shares USING btree (office_id) WHERE (share IS NULL);

CREATE TABLE eligibility_checks (
  id bigint DEFAULT nextval('eligibility_checks_id_seq'::regclass) NOT NULL,
  agency_id uuid NOT NULL,
  project_id uuid NOT NULL,
  gate text NOT NULL,
  eligible boolean NOT NULL,
  rule_version integer NOT NULL,
  reasons text[] NOT NULL,
  records jsonb NOT NULL,
  checked_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT eligibility_checks_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES organizations(id),
  CONSTRAINT eligibility_checks_gate_check CHECK (gate = ANY (ARRAY['bid'::text, 'opening'::text, 'award'::text, 'contract'::text])),
  CONSTRAINT eligibility_checks_pkey PRIMARY KEY (id),
  CONSTRAINT eligibility_checks_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
  CONSTRAINT eligibility_checks_rule_version_fkey FOREIGN KEY (rule_version) REFERENCES exclusion_rule_sets(version)
);
CREATE INDEX eligibility_checks_subject_idx ON public.eligibility_checks USING btree (project_id, agency_id, checked_at DESC);

CREATE TABLE exclusion_rule_sets (
  version integer NOT NULL,
  effective_from timestamp with time zone NOT NULL,
  rules jsonb NOT NULL,
  note text,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT exclusion_rule_sets_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id),
  CONSTRAINT exclusion_rule_sets_pkey PRIMARY KEY (version),
  CONSTRAINT exclusion_rule_sets_version_check CHECK (version >= 1)
);

CREATE TABLE files (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  owner_org_id uuid NOT NULL,
  sha256 character(64) NOT NULL,
  mime text NOT NULL,
  size_bytes integer NOT NULL,
  original_name text NOT NULL,
  storage_key text NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT files_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id),
  CONSTRAINT files_mime_check CHECK (mime = ANY (ARRAY['application/pdf'::text, 'image/jpeg'::text, 'image/png'::text])),
  CONSTRAINT files_owner_org_id_fkey FOREIGN KEY (owner_org_id) REFERENCES organizations(id) ON DELETE CASCADE,
  CONSTRAINT files_pkey PRIMARY KEY (id),
  CONSTRAINT files_size_bytes_check CHECK (size_bytes > 0 AND size_bytes <= 10485760)
);

CREATE TABLE inspection_results (
  inspection_id uuid NOT NULL,
  agency_id uuid NOT NULL,
  outcome text NOT NULL,
  findings text NOT NULL,
  recorded_by uuid NOT NULL,
  recorded_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT inspection_results_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES organizations(id),
  CONSTRAINT inspection_results_findings_check CHECK (char_length(findings) >= 2 AND char_length(findings) <= 5000),
  CONSTRAINT inspection_results_inspection_id_fkey FOREIGN KEY (inspection_id) REFERENCES inspections(id) ON DELETE CASCADE,
  CONSTRAINT inspection_results_outcome_check CHECK (outcome = ANY (ARRAY['compliant'::text, 'issues'::text, 'violation'::text])),
  CONSTRAINT inspection_results_pkey PRIMARY KEY (inspection_id, agency_id),
  CONSTRAINT inspection_results_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES users(id)
);

CREATE TABLE inspections (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  regulator_org_id uuid NOT NULL,
  created_by uuid NOT NULL,
  title text NOT NULL,
  population_filter jsonb NOT NULL,
  population jsonb NOT NULL,
  sample_size integer NOT NULL,
  inspectors_per_target integer DEFAULT 2 NOT NULL,
  inspector_pool jsonb NOT NULL,
  secret character(64) NOT NULL,
  commitment character(64) NOT NULL,
  seed character(64),
  targets jsonb,
  status text DEFAULT 'planned'::text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  drawn_at timestamp with time zone,
  completed_at timestamp with time zone,
  CONSTRAINT inspections_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id),
  CONSTRAINT inspections_inspectors_per_target_check CHECK (inspectors_per_target >= 1 AND inspectors_per_target <= 5),
  CONSTRAINT inspections_pkey PRIMARY KEY (id),
  CONSTRAINT inspections_regulator_org_id_fkey FOREIGN KEY (regulator_org_id) REFERENCES organizations(id),
  CONSTRAINT inspections_sample_size_check CHECK (sample_size >= 1),
  CONSTRAINT inspections_status_check CHECK (status = ANY (ARRAY['planned'::text, 'drawn'::text, 'completed'::text])),
  CONSTRAINT inspections_title_check CHECK (char_length(title) >= 4 AND char_length(title) <= 200)
);
CREATE INDEX inspections_office_idx ON public.inspections USING btree (regulator_org_id, created_at DESC);

CREATE TABLE invitations (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  org_id uuid NOT NULL,
  email text NOT NULL,
  role text NOT NULL,
  token_hash bytea NOT NULL,
  invited_by uuid NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  expires_at timestamp with time zone NOT NULL,
  accepted_at timestamp with time zone,
  accepted_by uuid,
  revoked_at timestamp with time zone,
  CONSTRAINT invitations_accepted_by_fkey FOREIGN KEY (accepted_by) REFERENCES users(id),
  CONSTRAINT invitations_email_check CHECK (email = lower(email)),
  CONSTRAINT invitations_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES users(id),
  CONSTRAINT invitations_org_id_fkey FOREIGN KEY (org_id) REFERENCES organizations(id) ON DELETE CASCADE,
  CONSTRAINT invitations_pkey PRIMARY KEY (id),
  CONSTRAINT invitations_role_check CHECK (role = ANY (ARRAY['admin'::text, 'member'::text])),
  CONSTRAINT invitations_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX invitations_org_idx ON public.invitations USING btree (org_id, created_at DESC);

CREATE TABLE job_runs (
  name text NOT NULL,
  started_at timestamp with time zone NOT NULL,
  finished_at timestamp with time zone,
  ok boolean,
  CONSTRAINT job_runs_pkey PRIMARY KEY (name)
);

CREATE TABLE kysely_migration (
  name character varying(255) NOT NULL,
  timestamp character varying(255) NOT NULL,
  CONSTRAINT kysely_migration_pkey PRIMARY KEY (name)
);

CREATE TABLE kysely_migration_lock (
  id character varying(255) NOT NULL,
  is_locked integer DEFAULT 0 NOT NULL,
  CONSTRAINT kysely_migration_lock_pkey PRIMARY KEY (id)
);

CREATE TABLE login_throttles (
  key text NOT NULL,
  failures integer DEFAULT 0 NOT NULL,
  last_failure_at timestamp with time zone NOT NULL,
  locked_until timestamp with time zone,
  CONSTRAINT login_throttles_pkey PRIMARY KEY (key)
);

CREATE TABLE memberships (
  user_id uuid NOT NULL,
  org_id uuid NOT NULL,
  role text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT memberships_org_id_fkey FOREIGN KEY (org_id) REFERENCES organizations(id) ON DELETE CASCADE,
  CONSTRAINT memberships_pkey PRIMARY KEY (user_id),
  CONSTRAINT memberships_role_check CHECK (role = ANY (ARRAY['admin'::text, 'member'::text])),
  CONSTRAINT memberships_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
);
CREATE INDEX memberships_org_idx ON public.memberships USING btree (org_id);

CREATE TABLE monitoring_cases (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  regulator_org_id uuid NOT NULL,
  opened_by uuid NOT NULL,
  origin text NOT NULL,
  flag text,
  complaint_id uuid,
  project_id uuid,
  agency_id uuid,
  owner_org_id uuid,
  title text NOT NULL,
  grounds text NOT NULL,
  status text DEFAULT 'draft'::text NOT NULL,
  violation text,
  conclusion text,
  follow_up text,
  sanction_id uuid,
  breach_event_id uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  activated_at timestamp with time zone,
  concluded_at timestamp with time zone,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT monitoring_cases_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES organizations(id),
  CONSTRAINT monitoring_cases_breach_event_id_fkey FOREIGN KEY (breach_event_id) REFERENCES breach_events(id),
  CONSTRAINT monitoring_cases_check CHECK (project_id IS NOT NULL OR agency_id IS NOT NULL OR owner_org_id IS NOT NULL),
  CONSTRAINT monitoring_cases_check1 CHECK ((origin = 'flag'::text) = (flag IS NOT NULL)),
  CONSTRAINT monitoring_cases_check2 CHECK ((origin = 'complaint'::text) = (complaint_id IS NOT NULL)),
  CONSTRAINT monitoring_cases_complaint_id_fkey FOREIGN KEY (complaint_id) REFERENCES complaints(id),
  CONSTRAINT monitoring_cases_follow_up_check CHECK (follow_up = ANY (ARRAY['none'::text, 'sanction'::text, 'creditEvent'::text])),
  CONSTRAINT monitoring_cases_grounds_check CHECK (char_length(grounds) >= 10 AND char_length(grounds) <= 5000),
  CONSTRAINT monitoring_cases_opened_by_fkey FOREIGN KEY (opened_by) REFERENCES users(id),
  CONSTRAINT monitoring_cases_origin_check CHECK (origin = ANY (ARRAY['flag'::text, 'complaint'::text, 'initiative'::text])),
  CONSTRAINT monitoring_cases_owner_org_id_fkey FOREIGN KEY (owner_org_id) REFERENCES organizations(id),
  CONSTRAINT monitoring_cases_pkey PRIMARY KEY (id),
  CONSTRAINT monitoring_cases_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id),
  CONSTRAINT monitoring_cases_regulator_org_id_fkey FOREIGN KEY (regulator_org_id) REFERENCES organizations(id),
  CONSTRAINT monitoring_cases_sanction_id_fkey FOREIGN KEY (sanction_id) REFERENCES sanctions(id),
  CONSTRAINT monitoring_cases_status_check CHECK (status = ANY (ARRAY['draft'::text, 'active'::text, 'addressed'::text, 'declined'::text, 'completed'::text, 'closed'::text])),
  CONSTRAINT monitoring_cases_title_check CHECK (char_length(title) >= 4 AND char_length(title) <= 200)
);
CREATE INDEX monitoring_cases_agency_idx ON public.monitoring_cases USING btree (agency_id);
CREATE INDEX monitoring_cases_office_idx ON public.monitoring_cases USING btree (regulator_org_id, updated_at DESC);
CREATE INDEX monitoring_cases_project_idx ON public.monitoring_cases USING btree (project_id);

CREATE TABLE notifications (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  org_id uuid NOT NULL,
  kind text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  params jsonb DEFAULT '{}'::jsonb NOT NULL,
  dedupe_key text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  read_at timestamp with time zone,
  emailed_at timestamp with time zone,
  emailed_to text[] DEFAULT '{}'::text[] NOT NULL,
  email_attempts integer DEFAULT 0 NOT NULL,
  email_retry_at timestamp with time zone,
  CONSTRAINT notifications_dedupe_key_key UNIQUE (dedupe_key),
  CONSTRAINT notifications_org_id_fkey FOREIGN KEY (org_id) REFERENCES organizations(id) ON DELETE CASCADE,
  CONSTRAINT notifications_pkey PRIMARY KEY (id)
);
CREATE INDEX notifications_org_idx ON public.notifications USING btree (org_id, created_at DESC);
CREATE INDEX notifications_unsent_idx ON public.notifications USING btree (created_at) WHERE (emailed_at IS NULL);

CREATE TABLE objections (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  award_id uuid NOT NULL,
  project_id uuid NOT NULL,
  objector_org_id uuid NOT NULL,
  grounds text NOT NULL,
  evidence_file_id uuid,
  status text DEFAULT 'open'::text NOT NULL,
  owner_answer text,
  answered_at timestamp with time zone,
  answer_due_at timestamp with time zone NOT NULL,
  decision_reason text,
  decided_by uuid,
  decided_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT objections_award_id_fkey FOREIGN KEY (award_id) REFERENCES awards(id),
  CONSTRAINT objections_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES users(id),
  CONSTRAINT objections_evidence_file_id_fkey FOREIGN KEY (evidence_file_id) REFERENCES files(id),
  CONSTRAINT objections_grounds_check CHECK (char_length(grounds) >= 10 AND char_length(grounds) <= 5000),
  CONSTRAINT objections_objector_org_id_fkey FOREIGN KEY (objector_org_id) REFERENCES organizations(id),
  CONSTRAINT objections_pkey PRIMARY KEY (id),
  CONSTRAINT objections_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id),
  CONSTRAINT objections_status_check CHECK (status = ANY (ARRAY['open'::text, 'answered'::text, 'escalated'::text, 'upheld'::text, 'dismissed'::text]))
);
CREATE INDEX objections_project_idx ON public.objections USING btree (project_id, created_at);

CREATE TABLE organizations (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  kind text NOT NULL,
  owner_type text,
  name text NOT NULL,
  credit_code character(18),
  region_code character(6) NOT NULL,
  legal_representative text,
  address text,
  contact_phone text,
  contact_email text,
  business_scope text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  contact_person text,
  contact_public boolean DEFAULT false NOT NULL,
  pledge_version text,
  pledge_signed_at timestamp with time zone,
  search_text text GENERATED ALWAYS AS (((name || ' '::text) || COALESCE(business_scope, ''::text))) STORED,
  search_bigrams text[] GENERATED ALWAYS AS (zh_bigrams(((name || ' '::text) || COALESCE(business_scope, ''::text)))) STORED,
  CONSTRAINT organizations_check CHECK ((kind = 'owner'::text) = (owner_type IS NOT NULL)),
  CONSTRAINT organizations_check1 CHECK (kind = 'regulator'::text OR credit_code IS NOT NULL),
  CONSTRAINT organizations_credit_code_check CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'::text),
  CONSTRAINT organizations_credit_code_key UNIQUE (credit_code),
  CONSTRAINT organizations_kind_check CHECK (kind = ANY (ARRAY['agency'::text, 'owner'::text, 'regulator'::text])),
  CONSTRAINT organizations_name_check CHECK (char_length(name) >= 2 AND char_length(name) <= 200),
  CONSTRAINT organizations_owner_type_check CHECK (owner_type = ANY (ARRAY['enterprise'::text, 'department'::text])),
  CONSTRAINT organizations_pkey PRIMARY KEY (id),
  CONSTRAINT organizations_region_code_fkey FOREIGN KEY (region_code) REFERENCES regions(code)
);
CREATE INDEX organizations_agencies_idx ON public.organizations USING btree (id) INCLUDE (credit_code, legal_representative) WHERE (kind = 'agency'::text);
CREATE INDEX organizations_agency_created_idx ON public.organizations USING btree (created_at DESC) WHERE (kind = 'agency'::text);
CREATE INDEX organizations_kind_idx ON public.organizations USING btree (kind, created_at DESC);
CREATE INDEX organizations_kind_region_idx ON public.organizations USING btree (kind, region_code bpchar_pattern_ops);
CREATE INDEX organizations_search_bigrams ON public.organizations USING gin (search_bigrams) WHERE (kind = 'agency'::text);
CREATE INDEX organizations_search_trgm ON public.organizations USING gin (search_text gin_trgm_ops);

CREATE TABLE payment_movements (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  contract_id uuid NOT NULL,
  kind text NOT NULL,
  method text NOT NULL,
  amount_fen bigint NOT NULL,
  currency character(3) NOT NULL,
  status text DEFAULT 'pending'::text NOT NULL,
  milestone_id uuid,
  stripe_object_id text,
  client_secret text,
  reason text,
  reference text,
  paid_on date,
  document_file_id uuid,
  failure text,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  settled_at timestamp with time zone,
  CONSTRAINT payment_movements_amount_fen_check CHECK (amount_fen > 0),
  CONSTRAINT payment_movements_check CHECK (method = 'offline'::text OR kind = 'funding'::text OR status <> 'succeeded'::text OR stripe_object_id IS NOT NULL),
  CONSTRAINT payment_movements_check1 CHECK (method = 'stripe'::text OR paid_on IS NOT NULL AND reference IS NOT NULL),
  CONSTRAINT payment_movements_contract_id_fkey FOREIGN KEY (contract_id) REFERENCES contracts(id),
  CONSTRAINT payment_movements_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id),
  CONSTRAINT payment_movements_document_file_id_fkey FOREIGN KEY (document_file_id) REFERENCES files(id),
  CONSTRAINT payment_movements_kind_check CHECK (kind = ANY (ARRAY['funding'::text, 'release'::text, 'refund'::text])),
  CONSTRAINT payment_movements_method_check CHECK (method = ANY (ARRAY['stripe'::text, 'offline'::text])),
  CONSTRAINT payment_movements_milestone_id_fkey FOREIGN KEY (milestone_id) REFERENCES contract_milestones(id),
  CONSTRAINT payment_movements_pkey PRIMARY KEY (id),
  CONSTRAINT payment_movements_status_check CHECK (status = ANY (ARRAY['pending'::text, 'succeeded'::text, 'failed'::text, 'canceled'::text])),
  CONSTRAINT payment_movements_stripe_object_id_key UNIQUE (stripe_object_id)
);
CREATE INDEX payment_movements_contract_idx ON public.payment_movements USING btree (contract_id, created_at);
CREATE UNIQUE INDEX payment_movements_milestone_once ON public.payment_movements USING btree (milestone_id) WHERE ((kind = 'release'::text) AND (status = ANY (ARRAY['pending'::text, 'succeeded'::text])));
CREATE UNIQUE INDEX payment_movements_one_funding ON public.payment_movements USING btree (contract_id) WHERE ((kind = 'funding'::text) AND (status = ANY (ARRAY['pending'::text, 'succeeded'::text])));
CREATE CONSTRAINT TRIGGER payment_movements_limits AFTER INSERT OR UPDATE ON payment_movements DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION payment_limits_check();

CREATE TABLE payout_accounts (
  agency_id uuid NOT NULL,
  stripe_account_id text NOT NULL,
  charges_enabled boolean DEFAULT false NOT NULL,
  payouts_enabled boolean DEFAULT false NOT NULL,
  details_submitted boolean DEFAULT false NOT NULL,
  transfers_active boolean DEFAULT false NOT NULL,
  requirements jsonb DEFAULT '[]'::jsonb NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT payout_accounts_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES organizations(id) ON DELETE CASCADE,
  CONSTRAINT payout_accounts_pkey PRIMARY KEY (agency_id),
  CONSTRAINT payout_accounts_stripe_account_id_key UNIQUE (stripe_account_id)
);

CREATE TABLE procedure_policies (
  id integer DEFAULT nextval('procedure_policies_id_seq'::regclass) NOT NULL,
  region_code character(6),
  version integer NOT NULL,
  effective_from timestamp with time zone NOT NULL,
  allowed_methods text[] NOT NULL,
  min_bids_government integer DEFAULT 3 NOT NULL,
  min_bids_other integer DEFAULT 1 NOT NULL,
  min_bidding_workdays integer DEFAULT 3 NOT NULL,
  publicity_workdays integer DEFAULT 3 NOT NULL,
  objection_answer_workdays integer DEFAULT 3 NOT NULL,
  signing_workdays integer DEFAULT 5 NOT NULL,
  direct_ceiling_fen bigint DEFAULT 10000000 NOT NULL,
  price_weight_min integer DEFAULT 30 NOT NULL,
  price_weight_max integer DEFAULT 60 NOT NULL,
  technical_weight_min integer DEFAULT 20 NOT NULL,
  technical_weight_max integer DEFAULT 60 NOT NULL,
  credit_weight_min integer DEFAULT 10 NOT NULL,
  credit_weight_max integer DEFAULT 20 NOT NULL,
  abnormally_low_pct integer DEFAULT 20 NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  min_bids_by_method jsonb DEFAULT '{}'::jsonb NOT NULL,
  complaint_window_days integer DEFAULT 90 NOT NULL,
  complaint_decision_workdays integer DEFAULT 15 NOT NULL,
  max_bidding_days integer DEFAULT 90 NOT NULL,
  direct_floor_pct integer DEFAULT 30 NOT NULL,
  abnormally_low_ceiling_pct integer DEFAULT 40 NOT NULL,
  draw_randomness text DEFAULT 'beacon'::text NOT NULL,
  share_reveal_workdays integer DEFAULT 2 NOT NULL,
  CONSTRAINT procedure_policies_abnormally_low_ceiling_pct_check CHECK (abnormally_low_ceiling_pct >= 1 AND abnormally_low_ceiling_pct <= 100),
  CONSTRAINT procedure_policies_abnormally_low_pct_check CHECK (abnormally_low_pct >= 1 AND abnormally_low_pct <= 90),
  CONSTRAINT procedure_policies_check CHECK (price_weight_min <= price_weight_max AND technical_weight_min <= technical_weight_max AND credit_weight_min <= credit_weight_max),
  CONSTRAINT procedure_policies_complaint_decision_workdays_check CHECK (complaint_decision_workdays >= 1 AND complaint_decision_workdays <= 120),
  CONSTRAINT procedure_policies_complaint_window_days_check CHECK (complaint_window_days >= 1 AND complaint_window_days <= 3650),
  CONSTRAINT procedure_policies_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id),
  CONSTRAINT procedure_policies_direct_ceiling_fen_check CHECK (direct_ceiling_fen >= 0),
  CONSTRAINT procedure_policies_direct_floor_pct_check CHECK (direct_floor_pct >= 0 AND direct_floor_pct <= 100),
  CONSTRAINT procedure_policies_draw_randomness_check CHECK (draw_randomness = ANY (ARRAY['beacon'::text, 'regulatorShare'::text])),
  CONSTRAINT procedure_policies_max_bidding_days_check CHECK (max_bidding_days >= 5 AND max_bidding_days <= 365),
  CONSTRAINT procedure_policies_min_bidding_workdays_check CHECK (min_bidding_workdays >= 0),
  CONSTRAINT procedure_policies_min_bids_government_check CHECK (min_bids_government >= 1),
  CONSTRAINT procedure_policies_min_bids_other_check CHECK (min_bids_other >= 1),
  CONSTRAINT procedure_policies_objection_answer_workdays_check CHECK (objection_answer_workdays >= 1),
  CONSTRAINT procedure_policies_pkey PRIMARY KEY (id),
  CONSTRAINT procedure_policies_publicity_workdays_check CHECK (publicity_workdays >= 0),
  CONSTRAINT procedure_policies_region_code_fkey FOREIGN KEY (region_code) REFERENCES regions(code),
  CONSTRAINT procedure_policies_share_reveal_workdays_check CHECK (share_reveal_workdays >= 1 AND share_reveal_workdays <= 20),
  CONSTRAINT procedure_policies_signing_workdays_check CHECK (signing_workdays >= 1),
  CONSTRAINT procedure_policies_version_check CHECK (version >= 1)
);
CREATE UNIQUE INDEX procedure_policies_version_key ON public.procedure_policies USING btree (COALESCE(region_code, '000000'::bpchar), version);

CREATE TABLE project_amendments (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  project_id uuid NOT NULL,
  revision integer NOT NULL,
  changes jsonb NOT NULL,
  previous jsonb NOT NULL,
  deadline_before timestamp with time zone,
  deadline_after timestamp with time zone NOT NULL,
  voided_bids integer DEFAULT 0 NOT NULL,
  actor_user_id uuid,
  amended_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT project_amendments_actor_user_id_fkey FOREIGN KEY (actor_user_id) REFERENCES users(id),
  CONSTRAINT project_amendments_pkey PRIMARY KEY (id),
  CONSTRAINT project_amendments_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id),
  CONSTRAINT project_amendments_project_id_revision_key UNIQUE (project_id, revision),
  CONSTRAINT project_amendments_revision_check CHECK (revision >= 1),
  CONSTRAINT project_amendments_voided_bids_check CHECK (voided_bids >= 0)
);
CREATE TRIGGER project_amendments_no_change BEFORE DELETE OR UPDATE ON project_amendments FOR EACH ROW EXECUTE FUNCTION procedure_notices_append_only();
CREATE TRIGGER project_amendments_no_truncate BEFORE TRUNCATE ON project_amendments FOR EACH STATEMENT EXECUTE FUNCTION procedure_notices_append_only();

CREATE TABLE project_attachments (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  project_id uuid NOT NULL,
  file_id uuid NOT NULL,
  title text NOT NULL,
  confidential boolean DEFAULT false NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT project_attachments_file_id_fkey FOREIGN KEY (file_id) REFERENCES files(id),
  CONSTRAINT project_attachments_pkey PRIMARY KEY (id),
  CONSTRAINT project_attachments_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
  CONSTRAINT project_attachments_title_check CHECK (char_length(title) >= 1 AND char_length(title) <= 200)
);
CREATE INDEX project_attachments_file_idx ON public.project_attachments USING btree (file_id);
CREATE INDEX project_attachments_project_idx ON public.project_attachments USING btree (project_id, created_at);

CREATE TABLE project_cancellations (
  project_id uuid NOT NULL,
  ground text NOT NULL,
  explanation text NOT NULL,
  stage text NOT NULL,
  award_id uuid,
  actor_user_id uuid,
  cancelled_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT project_cancellations_actor_user_id_fkey FOREIGN KEY (actor_user_id) REFERENCES users(id),
  CONSTRAINT project_cancellations_award_id_fkey FOREIGN KEY (award_id) REFERENCES awards(id),
  CONSTRAINT project_cancellations_explanation_check CHECK (char_length(explanation) >= 10 AND char_length(explanation) <= 1000),
  CONSTRAINT project_cancellations_ground_check CHECK (ground = ANY (ARRAY['requirementWithdrawn'::text, 'approvalChanged'::text, 'fundingUnavailable'::text, 'documentsDefective'::text, 'forceMajeure'::text, 'regulatorOrder'::text])),
  CONSTRAINT project_cancellations_pkey PRIMARY KEY (project_id),
  CONSTRAINT project_cancellations_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id),
  CONSTRAINT project_cancellations_stage_check CHECK (stage = ANY (ARRAY['published'::text, 'bidding'::text, 'selecting'::text, 'awarded'::text]))
);
CREATE INDEX project_cancellations_after_award_idx ON public.project_cancellations USING btree (cancelled_at) WHERE (stage = 'awarded'::text);
CREATE TRIGGER project_cancellations_no_change BEFORE DELETE OR UPDATE ON project_cancellations FOR EACH ROW EXECUTE FUNCTION procedure_notices_append_only();
CREATE TRIGGER project_cancellations_no_truncate BEFORE TRUNCATE ON project_cancellations FOR EACH STATEMENT EXECUTE FUNCTION procedure_notices_append_only();

CREATE TABLE project_questions (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  project_id uuid NOT NULL,
  asked_by_org uuid NOT NULL,
  question text NOT NULL,
  answer text,
  answered_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT project_questions_asked_by_org_fkey FOREIGN KEY (asked_by_org) REFERENCES organizations(id),
  CONSTRAINT project_questions_pkey PRIMARY KEY (id),
  CONSTRAINT project_questions_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
  CONSTRAINT project_questions_question_check CHECK (char_length(question) >= 2 AND char_length(question) <= 2000)
);
CREATE INDEX project_questions_project_idx ON public.project_questions USING btree (project_id, created_at);

CREATE TABLE project_secrets (
  project_id uuid NOT NULL,
  secret character(64) NOT NULL,
  revealed_at timestamp with time zone,
  CONSTRAINT project_secrets_pkey PRIMARY KEY (project_id),
  CONSTRAINT project_secrets_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE
);

CREATE TABLE projects (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  owner_org_id uuid NOT NULL,
  service_item_id integer NOT NULL,
  region_code character(6) NOT NULL,
  title text NOT NULL,
  status text DEFAULT 'draft'::text NOT NULL,
  price_ceiling_fen bigint,
  government_funded boolean DEFAULT false NOT NULL,
  published_at timestamp with time zone,
  bid_deadline timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  description text DEFAULT ''::text NOT NULL,
  deliverables text DEFAULT ''::text NOT NULL,
  price_floor_fen bigint,
  selection_method text DEFAULT 'lowestPrice'::text NOT NULL,
  expected_days integer,
  policy_id integer,
  publish_key uuid,
  draw_commitment character(64),
  price_weight integer,
  technical_weight integer,
  credit_weight integer,
  status_reason text,
  opened_at timestamp with time zone,
  revision integer DEFAULT 0 NOT NULL,
  predecessor_id uuid,
  CONSTRAINT projects_check CHECK (status = 'draft'::text OR published_at IS NOT NULL),
  CONSTRAINT projects_check1 CHECK (bid_deadline IS NULL OR published_at IS NULL OR bid_deadline > published_at),
  CONSTRAINT projects_expected_days_check CHECK (expected_days >= 1 AND expected_days <= 3650),
  CONSTRAINT projects_floor_below_ceiling CHECK (price_floor_fen IS NULL OR price_ceiling_fen IS NULL OR price_floor_fen <= price_ceiling_fen),
  CONSTRAINT projects_owner_org_id_fkey FOREIGN KEY (owner_org_id) REFERENCES organizations(id),
  CONSTRAINT projects_pkey PRIMARY KEY (id),
  CONSTRAINT projects_policy_id_fkey FOREIGN KEY (policy_id) REFERENCES procedure_policies(id),
  CONSTRAINT projects_predecessor_id_fkey FOREIGN KEY (predecessor_id) REFERENCES projects(id),
  CONSTRAINT projects_price_ceiling_fen_check CHECK (price_ceiling_fen > 0),
  CONSTRAINT projects_price_floor_fen_check CHECK (price_floor_fen >= 0),
  CONSTRAINT projects_publish_key_key UNIQUE (publish_key),
  CONSTRAINT projects_region_code_fkey FOREIGN KEY (region_code) REFERENCES regions(code),
  CONSTRAINT projects_selection_method_check CHECK (selection_method = ANY (ARRAY['direct'::text, 'randomDraw'::text, 'lowestPrice'::text, 'averagePrice'::text, 'creditPreferred'::text, 'scored'::text])),
  CONSTRAINT projects_service_item_id_fkey FOREIGN KEY (service_item_id) REFERENCES service_items(id),
  CONSTRAINT projects_status_check CHECK (status = ANY (ARRAY['draft'::text, 'published'::text, 'bidding'::text, 'selecting'::text, 'awarded'::text, 'contracted'::text, 'delivered'::text, 'completed'::text, 'failed'::text, 'cancelled'::text])),
  CONSTRAINT projects_title_check CHECK (char_length(title) >= 4 AND char_length(title) <= 200)
);
CREATE INDEX projects_owner_idx ON public.projects USING btree (owner_org_id, created_at DESC);
CREATE INDEX projects_predecessor_idx ON public.projects USING btree (predecessor_id) WHERE (predecessor_id IS NOT NULL);
CREATE INDEX projects_public_idx ON public.projects USING btree (status, published_at DESC) WHERE (status <> 'draft'::text);
CREATE INDEX projects_published_idx ON public.projects USING btree (published_at) INCLUDE (region_code, service_item_id) WHERE (status <> 'draft'::text);
CREATE INDEX projects_status_deadline_idx ON public.projects USING btree (status, bid_deadline);

CREATE TABLE qualifications (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  agency_id uuid NOT NULL,
  service_item_id integer NOT NULL,
  qual_type text NOT NULL,
  level text,
  certificate_no text NOT NULL,
  issuer text NOT NULL,
  valid_from date NOT NULL,
  valid_to date NOT NULL,
  document_file_id uuid,
  status text DEFAULT 'pending'::text NOT NULL,
  reviewed_by uuid,
  reviewer_org_id uuid,
  reviewed_at timestamp with time zone,
  review_reason text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT qualifications_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES organizations(id) ON DELETE CASCADE,
  CONSTRAINT qualifications_check CHECK (valid_to >= valid_from),
  CONSTRAINT qualifications_check1 CHECK (status = 'pending'::text OR reviewed_by IS NOT NULL AND reviewed_at IS NOT NULL),
  CONSTRAINT qualifications_check2 CHECK (status <> 'rejected'::text OR review_reason IS NOT NULL),
  CONSTRAINT qualifications_document_file_id_fkey FOREIGN KEY (document_file_id) REFERENCES files(id),
  CONSTRAINT qualifications_pkey PRIMARY KEY (id),
  CONSTRAINT qualifications_reviewed_by_fkey FOREIGN KEY (reviewed_by) REFERENCES users(id),
  CONSTRAINT qualifications_reviewer_org_id_fkey FOREIGN KEY (reviewer_org_id) REFERENCES organizations(id),
  CONSTRAINT qualifications_service_item_id_fkey FOREIGN KEY (service_item_id) REFERENCES service_items(id),
  CONSTRAINT qualifications_status_check CHECK (status = ANY (ARRAY['pending'::text, 'verified'::text, 'rejected'::text]))
);
CREATE INDEX qualifications_agency_idx ON public.qualifications USING btree (agency_id, service_item_id);
CREATE INDEX qualifications_queue_idx ON public.qualifications USING btree (service_item_id, created_at) WHERE (status = 'pending'::text);
CREATE INDEX qualifications_verified_idx ON public.qualifications USING btree (service_item_id, agency_id, valid_to) WHERE (status = 'verified'::text);

CREATE TABLE rate_limits (
  key text NOT NULL,
  window_started_at timestamp with time zone NOT NULL,
  hits integer NOT NULL,
  CONSTRAINT rate_limits_hits_check CHECK (hits >= 0),
  CONSTRAINT rate_limits_pkey PRIMARY KEY (key)
);

CREATE TABLE red_flag_hits (
  id bigint DEFAULT nextval('red_flag_hits_id_seq'::regclass) NOT NULL,
  flag text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  project_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
  agency_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
  region_codes character(6)[] DEFAULT '{}'::bpchar[] NOT NULL,
  item_ids integer[] DEFAULT '{}'::integer[] NOT NULL,
  value_fen bigint DEFAULT 0 NOT NULL,
  facts jsonb NOT NULL,
  detected_at timestamp with time zone NOT NULL,
  CONSTRAINT red_flag_hits_flag_subject_type_subject_id_key UNIQUE (flag, subject_type, subject_id),
  CONSTRAINT red_flag_hits_pkey PRIMARY KEY (id),
  CONSTRAINT red_flag_hits_subject_type_check CHECK (subject_type = ANY (ARRAY['project'::text, 'agency'::text, 'owner'::text, 'market'::text]))
);
CREATE INDEX red_flag_hits_items_idx ON public.red_flag_hits USING gin (item_ids);
CREATE INDEX red_flag_hits_projects_idx ON public.red_flag_hits USING gin (project_ids);
CREATE INDEX red_flag_hits_subject_idx ON public.red_flag_hits USING btree (subject_type, subject_id);

CREATE TABLE red_flag_office_hits (
  office_id uuid NOT NULL,
  hit_id bigint NOT NULL,
  flag text NOT NULL,
  value_fen bigint NOT NULL,
  CONSTRAINT red_flag_office_hits_hit_id_fkey FOREIGN KEY (hit_id) REFERENCES red_flag_hits(id) ON DELETE CASCADE,
  CONSTRAINT red_flag_office_hits_office_id_fkey FOREIGN KEY (office_id) REFERENCES organizations(id) ON DELETE CASCADE,
  CONSTRAINT red_flag_office_hits_pkey PRIMARY KEY (office_id, hit_id)
);
CREATE INDEX red_flag_office_hits_flag_idx ON public.red_flag_office_hits USING btree (office_id, flag, value_fen DESC);

CREATE TABLE red_flag_settings (
  flag text NOT NULL,
  enabled boolean DEFAULT true NOT NULL,
  params jsonb NOT NULL,
  updated_by uuid,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT red_flag_settings_pkey PRIMARY KEY (flag),
  CONSTRAINT red_flag_settings_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users(id)
);

CREATE TABLE regions (
  code character(6) NOT NULL,
  name text NOT NULL,
  parent_code character(6),
  level smallint NOT NULL,
  CONSTRAINT regions_code_check CHECK (code ~ '^[0-9]{6}$'::text),
  CONSTRAINT regions_level_check CHECK (level >= 1 AND level <= 3),
  CONSTRAINT regions_parent_code_fkey FOREIGN KEY (parent_code) REFERENCES regions(code),
  CONSTRAINT regions_pkey PRIMARY KEY (code)
);
CREATE INDEX regions_parent_idx ON public.regions USING btree (parent_code);

CREATE TABLE regulator_service_items (
  regulator_id uuid NOT NULL,
  service_item_id integer NOT NULL,
  CONSTRAINT regulator_service_items_pkey PRIMARY KEY (regulator_id, service_item_id),
  CONSTRAINT regulator_service_items_regulator_id_fkey FOREIGN KEY (regulator_id) REFERENCES organizations(id) ON DELETE CASCADE,
  CONSTRAINT regulator_service_items_service_item_id_fkey FOREIGN KEY (service_item_id) REFERENCES service_items(id)
);

CREATE TABLE reviews (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  contract_id uuid NOT NULL,
  direction text NOT NULL,
  reviewer_org_id uuid NOT NULL,
  reviewer_user_id uuid NOT NULL,
  subject_org_id uuid NOT NULL,
  overall smallint NOT NULL,
  ratings jsonb NOT NULL,
  body text DEFAULT ''::text NOT NULL,
  submitted_at timestamp with time zone DEFAULT now() NOT NULL,
  visible_from timestamp with time zone NOT NULL,
  reply text,
  replied_at timestamp with time zone,
  removed_at timestamp with time zone,
  removed_reason text,
  CONSTRAINT reviews_body_check CHECK (char_length(body) <= 2000),
  CONSTRAINT reviews_contract_id_direction_key UNIQUE (contract_id, direction),
  CONSTRAINT reviews_contract_id_fkey FOREIGN KEY (contract_id) REFERENCES contracts(id),
  CONSTRAINT reviews_direction_check CHECK (direction = ANY (ARRAY['ofAgency'::text, 'ofOwner'::text])),
  CONSTRAINT reviews_overall_check CHECK (overall >= 1 AND overall <= 5),
  CONSTRAINT reviews_pkey PRIMARY KEY (id),
  CONSTRAINT reviews_reply_check CHECK (char_length(reply) >= 2 AND char_length(reply) <= 2000),
  CONSTRAINT reviews_reviewer_org_id_fkey FOREIGN KEY (reviewer_org_id) REFERENCES organizations(id),
  CONSTRAINT reviews_reviewer_user_id_fkey FOREIGN KEY (reviewer_user_id) REFERENCES users(id),
  CONSTRAINT reviews_subject_org_id_fkey FOREIGN KEY (subject_org_id) REFERENCES organizations(id)
);
CREATE INDEX reviews_subject_idx ON public.reviews USING btree (subject_org_id, visible_from DESC);
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews FOR EACH ROW EXECUTE FUNCTION reviews_kept();
CREATE TRIGGER reviews_no_edit BEFORE UPDATE ON reviews FOR EACH ROW EXECUTE FUNCTION reviews_frozen();

CREATE TABLE risk_queue_offices (
  office_id uuid NOT NULL,
  refreshed_at timestamp with time zone NOT NULL,
  subjects integer NOT NULL,
  CONSTRAINT risk_queue_offices_office_id_fkey FOREIGN KEY (office_id) REFERENCES organizations(id) ON DELETE CASCADE,
  CONSTRAINT risk_queue_offices_pkey PRIMARY KEY (office_id)
);

CREATE TABLE risk_queue_rows (
  office_id uuid NOT NULL,
  rank integer NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  hits integer NOT NULL,
  flags text[] NOT NULL,
  value_fen bigint NOT NULL,
  score double precision NOT NULL,
  CONSTRAINT risk_queue_rows_office_id_fkey FOREIGN KEY (office_id) REFERENCES organizations(id) ON DELETE CASCADE,
  CONSTRAINT risk_queue_rows_pkey PRIMARY KEY (office_id, rank),
  CONSTRAINT risk_queue_rows_rank_check CHECK (rank >= 1),
  CONSTRAINT risk_queue_rows_subject_type_check CHECK (subject_type = ANY (ARRAY['project'::text, 'agency'::text, 'owner'::text]))
);

CREATE TABLE sanction_proposals (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  agency_id uuid NOT NULL,
  rule text NOT NULL,
  rule_version integer NOT NULL,
  proposed_type text DEFAULT 'suspension'::text NOT NULL,
  records jsonb NOT NULL,
  status text DEFAULT 'pending'::text NOT NULL,
  sanction_id uuid,
  decision_reason text,
  decided_by uuid,
  decided_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT sanction_proposals_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES organizations(id),
  CONSTRAINT sanction_proposals_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES users(id),
  CONSTRAINT sanction_proposals_pkey PRIMARY KEY (id),
  CONSTRAINT sanction_proposals_sanction_id_fkey FOREIGN KEY (sanction_id) REFERENCES sanctions(id),
  CONSTRAINT sanction_proposals_status_check CHECK (status = ANY (ARRAY['pending'::text, 'issued'::text, 'dismissed'::text]))
);
CREATE UNIQUE INDEX sanction_proposals_one_pending ON public.sanction_proposals USING btree (agency_id, rule) WHERE (status = 'pending'::text);

CREATE TABLE sanction_subjects (
  sanction_id uuid NOT NULL,
  credit_code character(18) NOT NULL,
  relation text NOT NULL,
  name text NOT NULL,
  CONSTRAINT sanction_subjects_credit_code_check CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'::text),
  CONSTRAINT sanction_subjects_pkey PRIMARY KEY (sanction_id, credit_code),
  CONSTRAINT sanction_subjects_relation_check CHECK (relation = ANY (ARRAY['subject'::text, 'controlled'::text, 'controlling'::text, 'successor'::text])),
  CONSTRAINT sanction_subjects_sanction_id_fkey FOREIGN KEY (sanction_id) REFERENCES sanctions(id) ON DELETE CASCADE
);
CREATE INDEX sanction_subjects_code_idx ON public.sanction_subjects USING btree (credit_code);

CREATE TABLE sanctions (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  type text NOT NULL,
  subject_name text NOT NULL,
  grounds text NOT NULL,
  legal_basis text NOT NULL,
  decision_ref text NOT NULL,
  document_file_id uuid,
  issued_by_org_id uuid NOT NULL,
  issued_by_user_id uuid,
  source text DEFAULT 'platform'::text NOT NULL,
  external_authority text,
  complaint_id uuid,
  scope_regions character(6)[] DEFAULT '{}'::bpchar[] NOT NULL,
  scope_items integer[] DEFAULT '{}'::integer[] NOT NULL,
  starts_at timestamp with time zone NOT NULL,
  ends_at timestamp with time zone,
  lifted_at timestamp with time zone,
  lifted_reason text,
  lifted_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  case_id uuid,
  CONSTRAINT sanctions_case_id_fkey FOREIGN KEY (case_id) REFERENCES monitoring_cases(id),
  CONSTRAINT sanctions_check CHECK (ends_at IS NULL OR ends_at > starts_at),
  CONSTRAINT sanctions_check1 CHECK (type <> 'suspension'::text OR ends_at IS NOT NULL),
  CONSTRAINT sanctions_check2 CHECK ((source = 'reciprocal'::text) = (external_authority IS NOT NULL)),
  CONSTRAINT sanctions_complaint_id_fkey FOREIGN KEY (complaint_id) REFERENCES complaints(id),
  CONSTRAINT sanctions_decision_ref_check CHECK (char_length(decision_ref) >= 1 AND char_length(decision_ref) <= 200),
  CONSTRAINT sanctions_document_file_id_fkey FOREIGN KEY (document_file_id) REFERENCES files(id),
  CONSTRAINT sanctions_grounds_check CHECK (char_length(grounds) >= 2 AND char_length(grounds) <= 5000),
  CONSTRAINT sanctions_issued_by_org_id_decision_ref_key UNIQUE (issued_by_org_id, decision_ref),
  CONSTRAINT sanctions_issued_by_org_id_fkey FOREIGN KEY (issued_by_org_id) REFERENCES organizations(id),
  CONSTRAINT sanctions_issued_by_user_id_fkey FOREIGN KEY (issued_by_user_id) REFERENCES users(id),
  CONSTRAINT sanctions_legal_basis_check CHECK (char_length(legal_basis) >= 2 AND char_length(legal_basis) <= 1000),
  CONSTRAINT sanctions_lifted_by_fkey FOREIGN KEY (lifted_by) REFERENCES users(id),
  CONSTRAINT sanctions_pkey PRIMARY KEY (id),
  CONSTRAINT sanctions_source_check CHECK (source = ANY (ARRAY['platform'::text, 'reciprocal'::text])),
  CONSTRAINT sanctions_subject_name_check CHECK (char_length(subject_name) >= 2 AND char_length(subject_name) <= 200),
  CONSTRAINT sanctions_type_check CHECK (type = ANY (ARRAY['warning'::text, 'exposure'::text, 'suspension'::text, 'blacklist'::text, 'removal'::text, 'ban'::text, 'penalty'::text, 'reward'::text, 'redlist'::text]))
);
CREATE INDEX sanctions_public_idx ON public.sanctions USING btree (starts_at DESC);

CREATE TABLE selections (
  project_id uuid NOT NULL,
  method text NOT NULL,
  round integer DEFAULT 1 NOT NULL,
  valid_bids jsonb NOT NULL,
  secret character(64),
  seed character(64),
  outcome jsonb NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  credit_scores jsonb DEFAULT '{}'::jsonb NOT NULL,
  CONSTRAINT selections_pkey PRIMARY KEY (project_id),
  CONSTRAINT selections_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE
);

CREATE TABLE service_items (
  id integer DEFAULT nextval('service_items_id_seq'::regclass) NOT NULL,
  code text NOT NULL,
  category text NOT NULL,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  approval_zh text NOT NULL,
  legal_basis_zh text NOT NULL,
  statutory_days integer,
  fee_basis_zh text NOT NULL,
  fee_basis_en text NOT NULL,
  required_qualification_zh text,
  required_qualification_en text,
  description_zh text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT service_items_code_key UNIQUE (code),
  CONSTRAINT service_items_pkey PRIMARY KEY (id),
  CONSTRAINT service_items_statutory_days_check CHECK (statutory_days > 0)
);

CREATE TABLE sessions (
  id text NOT NULL,
  user_id uuid NOT NULL,
  secret_hash bytea NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  last_verified_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT sessions_pkey PRIMARY KEY (id),
  CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
);
CREATE INDEX sessions_user_idx ON public.sessions USING btree (user_id);

CREATE TABLE stripe_events (
  id text NOT NULL,
  type text NOT NULL,
  object_id text,
  received_at timestamp with time zone DEFAULT now() NOT NULL,
  outcome text,
  CONSTRAINT stripe_events_pkey PRIMARY KEY (id)
);

CREATE TABLE terms_rule_sets (
  version integer NOT NULL,
  rules jsonb NOT NULL,
  note text NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT terms_rule_sets_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id),
  CONSTRAINT terms_rule_sets_pkey PRIMARY KEY (version),
  CONSTRAINT terms_rule_sets_version_check CHECK (version >= 1)
);
CREATE TRIGGER terms_rule_sets_no_change BEFORE DELETE OR UPDATE ON terms_rule_sets FOR EACH ROW EXECUTE FUNCTION terms_rule_sets_append_only();
CREATE TRIGGER terms_rule_sets_no_truncate BEFORE TRUNCATE ON terms_rule_sets FOR EACH STATEMENT EXECUTE FUNCTION terms_rule_sets_append_only();

CREATE TABLE trust_applications (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  agency_id uuid NOT NULL,
  applicant_user_id uuid NOT NULL,
  kind text NOT NULL,
  sanction_id uuid,
  breach_event_id uuid,
  review_id uuid,
  reason_code text,
  grounds text NOT NULL,
  evidence_file_id uuid,
  status text DEFAULT 'pending'::text NOT NULL,
  decision_reason text,
  decided_by uuid,
  decided_by_org uuid,
  decided_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT trust_applications_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES organizations(id),
  CONSTRAINT trust_applications_applicant_user_id_fkey FOREIGN KEY (applicant_user_id) REFERENCES users(id),
  CONSTRAINT trust_applications_breach_event_id_fkey FOREIGN KEY (breach_event_id) REFERENCES breach_events(id),
  CONSTRAINT trust_applications_check CHECK (num_nonnulls(sanction_id, breach_event_id, review_id) = 1),
  CONSTRAINT trust_applications_check1 CHECK ((kind = 'liftSanction'::text) = (sanction_id IS NOT NULL)),
  CONSTRAINT trust_applications_check2 CHECK ((kind = 'correctEvent'::text) = (breach_event_id IS NOT NULL)),
  CONSTRAINT trust_applications_check3 CHECK ((kind = 'appealReview'::text) = (review_id IS NOT NULL AND reason_code IS NOT NULL)),
  CONSTRAINT trust_applications_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES users(id),
  CONSTRAINT trust_applications_decided_by_org_fkey FOREIGN KEY (decided_by_org) REFERENCES organizations(id),
  CONSTRAINT trust_applications_evidence_file_id_fkey FOREIGN KEY (evidence_file_id) REFERENCES files(id),
  CONSTRAINT trust_applications_grounds_check CHECK (char_length(grounds) >= 10 AND char_length(grounds) <= 5000),
  CONSTRAINT trust_applications_kind_check CHECK (kind = ANY (ARRAY['liftSanction'::text, 'correctEvent'::text, 'appealReview'::text])),
  CONSTRAINT trust_applications_pkey PRIMARY KEY (id),
  CONSTRAINT trust_applications_review_id_fkey FOREIGN KEY (review_id) REFERENCES reviews(id),
  CONSTRAINT trust_applications_sanction_id_fkey FOREIGN KEY (sanction_id) REFERENCES sanctions(id),
  CONSTRAINT trust_applications_status_check CHECK (status = ANY (ARRAY['pending'::text, 'granted'::text, 'refused'::text]))
);
CREATE INDEX trust_applications_agency_idx ON public.trust_applications USING btree (agency_id, created_at DESC);
CREATE UNIQUE INDEX trust_applications_one_pending ON public.trust_applications USING btree (kind, COALESCE(sanction_id, breach_event_id, review_id)) WHERE (status = 'pending'::text);

CREATE TABLE users (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  email text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  locale text DEFAULT 'zh-CN'::text NOT NULL,
  is_site_admin boolean DEFAULT false NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  password_changed_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT users_email_check CHECK (email = lower(email) AND email ~~ '%_@_%'::text),
  CONSTRAINT users_locale_check CHECK (locale = ANY (ARRAY['zh-CN'::text, 'en'::text])),
  CONSTRAINT users_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email);

CREATE VIEW opened_bids AS
 SELECT b.id,
    b.project_id,
    b.agency_id,
    b.price_fen,
    b.committed_days,
    b.proposal,
    b.status,
    b.status_reason,
    b.version,
    b.hash,
    b.submitted_at,
    b.updated_at,
    b.justification
   FROM bids b
     JOIN projects p ON p.id = b.project_id
  WHERE p.bid_deadline IS NOT NULL AND p.bid_deadline <= now() AND (p.status <> ALL (ARRAY['draft'::text, 'published'::text, 'bidding'::text]));

CREATE OR REPLACE FUNCTION public.audit_events_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    begin
      raise exception 'audit_events is append-only' using errcode = 'P0001', hint = 'audit_append_only';
    end $function$;

CREATE OR REPLACE FUNCTION public.bid_receipts_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    begin
      raise exception 'bid_receipts is append-only' using errcode = 'P0001', hint = 'receipt_append_only';
    end $function$;

CREATE OR REPLACE FUNCTION public.bids_before_deadline()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    declare
      deadline timestamptz;
      st text;
      received timestamptz;
      fresh boolean;
    begin
      select bid_deadline, status into deadline, st from projects where id = new.project_id for key share;
      -- A receipt time counts only when this write gives one (an update that keeps the old one does not).
      fresh := new.received_at is not null and (tg_op = 'INSERT' or new.received_at is distinct from old.received_at);
      if fresh then
        received := least(greatest(new.received_at, now() - interval '5 seconds'), now());
      else
        received := now();
      end if;
      if tg_op = 'INSERT'
         or new.price_fen is distinct from old.price_fen
         or new.committed_days is distinct from old.committed_days
         or new.proposal is distinct from old.proposal
         or (new.status in ('submitted', 'withdrawn') and new.status is distinct from old.status) then
        if deadline is null or st <> 'bidding' or received >= deadline then
          raise exception 'bid deadline has passed' using errcode = 'P0001', hint = 'bid_deadline_passed';
        end if;
        if fresh then
          new.received_at := received;
        end if;
      end if;
      return new;
    end $function$;

CREATE OR REPLACE FUNCTION public.milestones_sum_check()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    declare
      cid uuid := coalesce(new.contract_id, old.contract_id);
      total bigint;
      n integer;
      amount bigint;
    begin
      select coalesce(sum(amount_fen), 0), count(*) into total, n from contract_milestones where contract_id = cid;
      select amount_fen into amount from contracts where id = cid;
      if n > 0 and total <> amount then
        raise exception 'milestones must add up to the contract amount' using errcode = 'P0001', hint = 'milestones_sum';
      end if;
      return null;
    end $function$;

CREATE OR REPLACE FUNCTION public.payment_limits_check()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    declare
      amount bigint;
      funding bigint;
      funded bigint;
      out_stripe bigint;
      out_all bigint;
    begin
      select amount_fen into amount from contracts where id = new.contract_id for update;
      select coalesce(sum(amount_fen) filter (where kind = 'funding' and status in ('pending', 'succeeded')), 0),
             coalesce(sum(amount_fen) filter (where kind = 'funding' and status = 'succeeded'), 0),
             coalesce(sum(amount_fen) filter (where kind in ('release', 'refund') and method = 'stripe' and status in ('pending', 'succeeded')), 0),
             coalesce(sum(amount_fen) filter (where kind = 'release' and status in ('pending', 'succeeded')), 0)
        into funding, funded, out_stripe, out_all
        from payment_movements where contract_id = new.contract_id;
      if funding > amount or out_all > amount then
        raise exception 'payments may not exceed the contract amount' using errcode = 'P0001', hint = 'above_contract';
      end if;
      if new.kind <> 'funding' and new.method = 'stripe' and new.status in ('pending', 'succeeded') and out_stripe > funded then
        raise exception 'payments may not exceed what was funded' using errcode = 'P0001', hint = 'above_funded';
      end if;
      return null;
    end $function$;

CREATE OR REPLACE FUNCTION public.procedure_notices_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    begin
      raise exception '% is append-only', tg_table_name using errcode = 'P0001', hint = 'notices_append_only';
    end $function$;

CREATE OR REPLACE FUNCTION public.reviews_frozen()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
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
    end $function$;

CREATE OR REPLACE FUNCTION public.reviews_kept()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    begin
      raise exception 'reviews are never deleted (a removal is recorded instead)' using errcode = 'P0001', hint = 'review_kept';
    end $function$;

CREATE OR REPLACE FUNCTION public.terms_rule_sets_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    begin
      raise exception 'terms_rule_sets is append-only' using errcode = 'P0001', hint = 'terms_rules_append_only';
    end $function$;

CREATE OR REPLACE FUNCTION public.zh_bigrams(t text)
 RETURNS text[]
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
      select coalesce(array_agg(distinct substr(lower(t), i, 2)), '{}'::text[])
      from generate_series(1, greatest(char_length(t) - 1, 0)) as i
    $function$;
