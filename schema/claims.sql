-- index idx_claims_claim_date
CREATE INDEX [idx_claims_claim_date] ON [claims] (claim_date);

-- index idx_claims_conflict_group
CREATE INDEX [idx_claims_conflict_group] ON [claims] (conflict_group);

-- index idx_claims_document_id
CREATE INDEX [idx_claims_document_id] ON [claims] (document_id);

-- index idx_claims_kind
CREATE INDEX [idx_claims_kind] ON [claims] (kind);

-- index idx_claims_outlet_id
CREATE INDEX [idx_claims_outlet_id] ON [claims] (outlet_id);

-- index idx_claims_rule
CREATE INDEX [idx_claims_rule] ON [claims] (rule);

-- index idx_claims_speaker_id
CREATE INDEX [idx_claims_speaker_id] ON [claims] (speaker_id);

-- index idx_document_sources_document_id
CREATE INDEX [idx_document_sources_document_id] ON [document_sources] (document_id);

-- index idx_documents_outlet_id
CREATE INDEX [idx_documents_outlet_id] ON [documents] (outlet_id);

-- index idx_documents_published
CREATE INDEX [idx_documents_published] ON [documents] (published);

-- index idx_figure_group_members_claim_id
CREATE INDEX [idx_figure_group_members_claim_id] ON [figure_group_members] (claim_id);

-- index idx_figure_groups_subject_key
CREATE INDEX [idx_figure_groups_subject_key] ON [figure_groups] (subject_key);

-- index idx_figure_subjects_document_id
CREATE INDEX [idx_figure_subjects_document_id] ON [figure_subjects] (document_id);

-- index idx_figure_subjects_subject
CREATE INDEX [idx_figure_subjects_subject] ON [figure_subjects] (subject);

-- index idx_speakers_block
CREATE INDEX [idx_speakers_block] ON [speakers] (block);

-- index idx_speakers_identity_id
CREATE INDEX [idx_speakers_identity_id] ON [speakers] (identity_id);

-- table acronyms
CREATE TABLE acronyms (
            document_id TEXT NOT NULL REFERENCES documents(id),
            short TEXT NOT NULL,
            long TEXT NOT NULL,
            PRIMARY KEY (document_id, short)
        );

-- table alias_rules
CREATE TABLE alias_rules (kind TEXT NOT NULL, names TEXT NOT NULL);

-- table claims
CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            kind TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            sentence_start INTEGER NOT NULL,
            sentence_end INTEGER NOT NULL,
            sentence TEXT NOT NULL,
            value REAL,
            low REAL,
            high REAL,
            qualifier TEXT,
            counted TEXT,
            unit TEXT,
            scope_place TEXT,
            scope_time TEXT,
            speaker TEXT,
            speaker_id TEXT REFERENCES speakers(id),
            speaker_canonical TEXT,
            role TEXT,
            cue TEXT,
            quote_kind TEXT,
            outlet TEXT,
            outlet_id TEXT REFERENCES outlets(id),
            claim_date_text TEXT,
            claim_date TEXT,
            claim_date_precision TEXT,
            rule TEXT NOT NULL,
            rules_version TEXT NOT NULL,
            conflict_group TEXT
        );

-- table claims_fts
CREATE VIRTUAL TABLE [claims_fts] USING FTS5 ([sentence], [text], [speaker_canonical], [counted], content=[claims]);

-- table derived_from
CREATE TABLE derived_from (name TEXT PRIMARY KEY, stamp TEXT NOT NULL);

-- table document_sources
CREATE TABLE document_sources (
            source TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id)
        );

-- table documents
CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            title TEXT,
            url TEXT,
            outlet TEXT,
            outlet_id TEXT REFERENCES outlets(id),
            outlet_source TEXT,
            published TEXT,
            published_source TEXT,
            record_id TEXT,
            format TEXT NOT NULL,
            text TEXT NOT NULL,
            length INTEGER NOT NULL,
            furniture TEXT NOT NULL DEFAULT '[]',
            rules_version TEXT NOT NULL,
            run_id TEXT REFERENCES runs(id),
            claim_count INTEGER NOT NULL DEFAULT 0
        , fetched TEXT);

-- table documents_fts
CREATE VIRTUAL TABLE [documents_fts] USING FTS5 ([title], content=[documents]);

-- table figure_group_members
CREATE TABLE figure_group_members (
            group_id TEXT NOT NULL REFERENCES figure_groups(id),
            claim_id TEXT NOT NULL REFERENCES claims(id),
            PRIMARY KEY (group_id, claim_id)
        );

-- table figure_groups
CREATE TABLE figure_groups (
            id TEXT PRIMARY KEY,
            subject TEXT NOT NULL,
            event TEXT,
            conflict INTEGER NOT NULL,
            members INTEGER NOT NULL,
            documents INTEGER NOT NULL,
            low REAL,
            high REAL
        , subject_key TEXT);

-- table figure_subjects
CREATE TABLE figure_subjects (
            claim_id TEXT PRIMARY KEY REFERENCES claims(id),
            document_id TEXT NOT NULL REFERENCES documents(id),
            subject TEXT NOT NULL,
            tokens TEXT NOT NULL,
            event TEXT,
            unit TEXT,
            low REAL NOT NULL,
            high REAL NOT NULL,
            scope_place TEXT,
            scope_time TEXT,
            date TEXT,
            speaker TEXT,
            revision INTEGER NOT NULL
        );

-- table identities
CREATE TABLE identities (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            members INTEGER NOT NULL,
            reasons TEXT NOT NULL DEFAULT '[]'
        );

-- table outlets
CREATE TABLE outlets (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            forms TEXT NOT NULL DEFAULT '[]'
        );

-- table runs
CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            rules_version TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            inputs TEXT NOT NULL,
            documents_read INTEGER NOT NULL DEFAULT 0,
            documents_new INTEGER NOT NULL DEFAULT 0,
            documents_skipped INTEGER NOT NULL DEFAULT 0,
            claims_found INTEGER NOT NULL DEFAULT 0,
            skipped TEXT NOT NULL DEFAULT '[]'
        );

-- table schema_migrations
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL);

-- table speakers
CREATE TABLE speakers (
            id TEXT PRIMARY KEY,
            canonical TEXT NOT NULL,
            kind TEXT NOT NULL,
            role TEXT,
            forms TEXT NOT NULL DEFAULT '[]'
        , identity_id TEXT REFERENCES identities(id), block TEXT);

-- table stale_speakers
CREATE TABLE stale_speakers (speaker_id TEXT PRIMARY KEY);

-- table stale_subjects
CREATE TABLE stale_subjects (subject TEXT PRIMARY KEY);

-- trigger claims_ad
CREATE TRIGGER [claims_ad] AFTER DELETE ON [claims] BEGIN INSERT INTO [claims_fts] ([claims_fts], rowid, [sentence], [text], [speaker_canonical], [counted]) VALUES ('delete', old.rowid, old.[sentence], old.[text], old.[speaker_canonical], old.[counted]); END;

-- trigger claims_au
CREATE TRIGGER [claims_au] AFTER UPDATE OF [sentence], [text], [speaker_canonical], [counted] ON [claims] BEGIN INSERT INTO [claims_fts] ([claims_fts], rowid, [sentence], [text], [speaker_canonical], [counted]) VALUES ('delete', old.rowid, old.[sentence], old.[text], old.[speaker_canonical], old.[counted]); INSERT INTO [claims_fts] (rowid, [sentence], [text], [speaker_canonical], [counted]) VALUES (new.rowid, new.[sentence], new.[text], new.[speaker_canonical], new.[counted]); END;

-- trigger documents_ad
CREATE TRIGGER [documents_ad] AFTER DELETE ON [documents] BEGIN INSERT INTO [documents_fts] ([documents_fts], rowid, [title]) VALUES ('delete', old.rowid, old.[title]); END;

-- trigger documents_ai
CREATE TRIGGER [documents_ai] AFTER INSERT ON [documents] BEGIN INSERT INTO [documents_fts] (rowid, [title]) VALUES (new.rowid, new.[title]); END;

-- trigger documents_au
CREATE TRIGGER [documents_au] AFTER UPDATE ON [documents] BEGIN INSERT INTO [documents_fts] ([documents_fts], rowid, [title]) VALUES ('delete', old.rowid, old.[title]); INSERT INTO [documents_fts] (rowid, [title]) VALUES (new.rowid, new.[title]); END;

-- trigger speakers_block
CREATE TRIGGER [speakers_block] AFTER UPDATE OF canonical, kind ON [speakers] WHEN old.canonical IS NOT new.canonical OR old.kind IS NOT new.kind BEGIN UPDATE speakers SET block = NULL WHERE id = new.id; END;

-- view conflicts
CREATE VIEW conflicts AS
        SELECT g.id AS group_id, g.subject, g.conflict, g.members AS figures, c.id AS claim_id, c.text AS figure,
               c.value, c.low, c.high, c.qualifier, c.counted,
               coalesce(c.speaker_canonical, c.speaker) AS speaker, coalesce(o.name, c.outlet) AS outlet,
               coalesce(c.claim_date, d.published) AS claim_date, d.source AS document, d.title AS document_title,
               c.sentence
        FROM figure_groups g
        JOIN figure_group_members m ON m.group_id = g.id
        JOIN claims c ON c.id = m.claim_id
        JOIN documents d ON d.id = c.document_id
        LEFT JOIN outlets o ON o.id = c.outlet_id;

