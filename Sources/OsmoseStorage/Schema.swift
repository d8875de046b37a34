import Foundation
import GRDB

/// The ledger's migrations. Append only: a migration that has landed is never edited.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE production (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    title TEXT NOT NULL CHECK (title <> ''),
                    time_zone TEXT NOT NULL,
                    locale TEXT NOT NULL,
                    frame_rate TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );

                CREATE TABLE space (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL CHECK (name <> ''),
                    name_key TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL CHECK (kind IN ('coworking', 'workshop', 'cinema', 'other')),
                    address TEXT,
                    contact TEXT,
                    notes TEXT
                );

                CREATE TABLE person (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL CHECK (name <> ''),
                    name_key TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL CHECK (role IN ('participant', 'director', 'crew', 'press', 'partner')),
                    email TEXT,
                    phone TEXT,
                    minor INTEGER NOT NULL DEFAULT 0 CHECK (minor IN (0, 1)),
                    guardian TEXT,
                    notes TEXT,
                    CHECK (minor = 0 OR guardian IS NOT NULL)
                );

                CREATE TABLE shooting_day (
                    id INTEGER PRIMARY KEY,
                    date TEXT NOT NULL UNIQUE
                        CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    call_time TEXT CHECK (call_time GLOB '[0-2][0-9]:[0-5][0-9]'),
                    wrap_time TEXT CHECK (wrap_time GLOB '[0-2][0-9]:[0-5][0-9]'),
                    status TEXT NOT NULL CHECK (status IN ('planned', 'shot', 'cancelled')),
                    notes TEXT
                );

                CREATE TABLE shooting_day_space (
                    shooting_day_id INTEGER NOT NULL REFERENCES shooting_day(id) ON DELETE CASCADE,
                    space_id INTEGER NOT NULL REFERENCES space(id) ON DELETE RESTRICT,
                    position INTEGER NOT NULL,
                    PRIMARY KEY (shooting_day_id, space_id)
                );
                CREATE INDEX shooting_day_space_space ON shooting_day_space(space_id);

                CREATE TABLE shooting_day_person (
                    shooting_day_id INTEGER NOT NULL REFERENCES shooting_day(id) ON DELETE CASCADE,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE RESTRICT,
                    presence TEXT NOT NULL CHECK (presence IN ('participant', 'crew')),
                    position INTEGER NOT NULL,
                    PRIMARY KEY (shooting_day_id, person_id)
                );
                CREATE INDEX shooting_day_person_person ON shooting_day_person(person_id);

                CREATE TABLE release (
                    id INTEGER PRIMARY KEY,
                    person_id INTEGER REFERENCES person(id) ON DELETE RESTRICT,
                    space_id INTEGER REFERENCES space(id) ON DELETE RESTRICT,
                    status TEXT NOT NULL CHECK (status IN ('requested', 'signed', 'refused', 'revoked')),
                    signed_on TEXT,
                    scope TEXT NOT NULL DEFAULT '',
                    territory TEXT NOT NULL,
                    until TEXT,
                    guardian_signed INTEGER NOT NULL DEFAULT 0 CHECK (guardian_signed IN (0, 1)),
                    scan_path TEXT,
                    scan_sha256 TEXT CHECK (scan_sha256 IS NULL OR length(scan_sha256) = 64),
                    scan_name TEXT,
                    note TEXT,
                    recorded_at TEXT NOT NULL,
                    CHECK ((person_id IS NULL) <> (space_id IS NULL)),
                    CHECK ((scan_path IS NULL) = (scan_sha256 IS NULL))
                );
                CREATE INDEX release_person ON release(person_id);
                CREATE INDEX release_space ON release(space_id);

                CREATE TABLE log_entry (
                    id INTEGER PRIMARY KEY,
                    shooting_day_id INTEGER NOT NULL REFERENCES shooting_day(id) ON DELETE RESTRICT,
                    person_id INTEGER REFERENCES person(id) ON DELETE RESTRICT,
                    frame_rate TEXT NOT NULL,
                    in_frame INTEGER NOT NULL CHECK (in_frame >= 0),
                    out_frame INTEGER CHECK (out_frame IS NULL OR out_frame > in_frame),
                    rating INTEGER CHECK (rating BETWEEN 1 AND 5),
                    text TEXT NOT NULL CHECK (text <> ''),
                    created_at TEXT NOT NULL
                );
                CREATE INDEX log_entry_shooting_day ON log_entry(shooting_day_id);
                CREATE INDEX log_entry_person ON log_entry(person_id);

                CREATE TABLE log_tag (
                    log_entry_id INTEGER NOT NULL REFERENCES log_entry(id) ON DELETE CASCADE,
                    tag TEXT NOT NULL CHECK (tag <> ''),
                    tag_key TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    PRIMARY KEY (log_entry_id, tag_key)
                );
                CREATE INDEX log_tag_key ON log_tag(tag_key);

                -- Full-text index of log texts and tags, folding case and accents.
                CREATE VIRTUAL TABLE log_search USING fts5(
                    text, tags, tokenize = 'unicode61 remove_diacritics 2'
                );
                CREATE TRIGGER log_entry_unindex AFTER DELETE ON log_entry BEGIN
                    DELETE FROM log_search WHERE rowid = old.id;
                END;
                """)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                CREATE TABLE expense (
                    id INTEGER PRIMARY KEY,
                    line_code TEXT NOT NULL CHECK (line_code <> ''),
                    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
                    date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    payee TEXT NOT NULL CHECK (payee <> ''),
                    status TEXT NOT NULL CHECK (status IN ('paid', 'payable')),
                    receipt_path TEXT,
                    receipt_sha256 TEXT CHECK (receipt_sha256 IS NULL OR length(receipt_sha256) = 64),
                    receipt_name TEXT,
                    note TEXT,
                    created_at TEXT NOT NULL,
                    CHECK ((receipt_path IS NULL) = (receipt_sha256 IS NULL))
                );
                CREATE INDEX expense_line ON expense(line_code);

                CREATE TABLE funding_receipt (
                    id INTEGER PRIMARY KEY,
                    source_id TEXT NOT NULL CHECK (source_id <> ''),
                    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
                    date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    note TEXT,
                    created_at TEXT NOT NULL
                );

                CREATE TABLE pledge (
                    id INTEGER PRIMARY KEY,
                    ref TEXT NOT NULL UNIQUE CHECK (ref <> ''),
                    source TEXT NOT NULL,
                    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
                    name TEXT NOT NULL,
                    email TEXT,
                    public_name TEXT,
                    anonymous INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
                    contributor_key TEXT NOT NULL,
                    tier TEXT,
                    status TEXT NOT NULL CHECK (status IN ('promised', 'collected', 'failed', 'refunded')),
                    date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    message TEXT,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: """
                CREATE TABLE news (
                    id INTEGER PRIMARY KEY,
                    title TEXT NOT NULL CHECK (title <> ''),
                    body TEXT NOT NULL,
                    published_at TEXT NOT NULL
                );

                -- Team tokens: only their SHA-256 is kept.
                CREATE TABLE team_token (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE CHECK (name <> ''),
                    role TEXT NOT NULL CHECK (role IN ('director', 'producer', 'viewer')),
                    token_sha256 TEXT NOT NULL UNIQUE CHECK (length(token_sha256) = 64),
                    created_at TEXT NOT NULL,
                    revoked_at TEXT
                );

                -- Browser sessions: the SHA-256 of the cookie's value, and the CSRF token of its forms.
                CREATE TABLE web_session (
                    id_sha256 TEXT PRIMARY KEY CHECK (length(id_sha256) = 64),
                    token_id INTEGER NOT NULL REFERENCES team_token(id) ON DELETE CASCADE,
                    csrf TEXT NOT NULL CHECK (length(csrf) >= 32),
                    created_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL
                );

                CREATE TABLE screening (
                    id INTEGER PRIMARY KEY,
                    title TEXT NOT NULL CHECK (title <> ''),
                    venue_id INTEGER NOT NULL REFERENCES space(id) ON DELETE RESTRICT,
                    starts_at TEXT NOT NULL CHECK (starts_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]'),
                    capacity INTEGER NOT NULL CHECK (capacity > 0),
                    format TEXT NOT NULL CHECK (format IN ('dcp', 'prores', 'bluray', 'file'))
                );
                """)
        }
        migrator.registerMigration("v4") { db in
            try db.execute(sql: """
                -- A camera card as ingested, and every managed folder holding it with its ASC MHL history.
                CREATE TABLE card (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE CHECK (name <> ''),
                    name_key TEXT NOT NULL UNIQUE,
                    shooting_day_id INTEGER NOT NULL REFERENCES shooting_day(id) ON DELETE RESTRICT,
                    camera TEXT NOT NULL CHECK (camera <> ''),
                    source TEXT NOT NULL,
                    algorithms TEXT NOT NULL CHECK (algorithms <> ''),
                    files INTEGER NOT NULL CHECK (files >= 0),
                    bytes INTEGER NOT NULL CHECK (bytes >= 0),
                    author TEXT,
                    ingested_at TEXT NOT NULL
                );
                CREATE INDEX card_shooting_day ON card(shooting_day_id);

                CREATE TABLE card_copy (
                    card_id INTEGER NOT NULL REFERENCES card(id) ON DELETE CASCADE,
                    path TEXT NOT NULL CHECK (path <> ''),
                    generation TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('verified', 'failed')),
                    problems TEXT NOT NULL DEFAULT '',
                    checked_at TEXT NOT NULL,
                    PRIMARY KEY (card_id, path)
                );
                CREATE INDEX card_copy_path ON card_copy(path);

                CREATE TABLE clip (
                    id INTEGER PRIMARY KEY,
                    card_id INTEGER NOT NULL REFERENCES card(id) ON DELETE CASCADE,
                    path TEXT NOT NULL CHECK (path <> ''),
                    name_key TEXT NOT NULL,
                    size INTEGER NOT NULL CHECK (size >= 0),
                    hashes TEXT NOT NULL,
                    xxh64 TEXT CHECK (xxh64 IS NULL OR length(xxh64) = 16),
                    metadata_source TEXT NOT NULL,
                    frame_rate TEXT,
                    start_frame INTEGER CHECK (start_frame IS NULL OR start_frame >= 0),
                    duration_frames INTEGER CHECK (duration_frames IS NULL OR duration_frames >= 0),
                    capture_rate TEXT,
                    codec TEXT,
                    camera_model TEXT,
                    camera_serial TEXT,
                    manufacturer TEXT,
                    created TEXT,
                    spanned_files TEXT NOT NULL DEFAULT '',
                    space_id INTEGER REFERENCES space(id) ON DELETE RESTRICT,
                    UNIQUE (card_id, path),
                    CHECK (start_frame IS NULL OR frame_rate IS NOT NULL)
                );
                CREATE INDEX clip_name ON clip(name_key);

                CREATE TABLE clip_person (
                    clip_id INTEGER NOT NULL REFERENCES clip(id) ON DELETE CASCADE,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE RESTRICT,
                    position INTEGER NOT NULL,
                    PRIMARY KEY (clip_id, person_id)
                );
                CREATE INDEX clip_person_person ON clip_person(person_id);

                ALTER TABLE log_entry ADD COLUMN clip_id INTEGER REFERENCES clip(id) ON DELETE RESTRICT;
                CREATE INDEX log_entry_clip ON log_entry(clip_id);

                -- An edit read back from the editing software.
                CREATE TABLE cut (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE CHECK (name <> ''),
                    name_key TEXT NOT NULL UNIQUE,
                    format TEXT NOT NULL,
                    source TEXT NOT NULL,
                    frame_rate TEXT NOT NULL,
                    imported_at TEXT NOT NULL
                );

                CREATE TABLE cut_event (
                    cut_id INTEGER NOT NULL REFERENCES cut(id) ON DELETE CASCADE,
                    number INTEGER NOT NULL CHECK (number > 0),
                    clip_id INTEGER REFERENCES clip(id) ON DELETE SET NULL,
                    method TEXT CHECK (method IN ('path', 'name', 'reel')),
                    clip_name TEXT,
                    path TEXT,
                    reel TEXT,
                    source_rate TEXT NOT NULL,
                    source_in INTEGER NOT NULL CHECK (source_in >= 0),
                    source_out INTEGER NOT NULL CHECK (source_out >= 0),
                    record_in INTEGER NOT NULL CHECK (record_in >= 0),
                    record_out INTEGER NOT NULL CHECK (record_out >= record_in),
                    PRIMARY KEY (cut_id, number),
                    CHECK ((clip_id IS NULL) = (method IS NULL))
                );
                CREATE INDEX cut_event_clip ON cut_event(clip_id);
                """)
        }
        migrator.registerMigration("v5") { db in
            try db.execute(sql: """
                -- Post-production tasks, planned over working days; `position` keeps the order they were added in.
                CREATE TABLE post_task (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL CHECK (name <> ''),
                    name_key TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL CHECK (kind IN ('editing', 'sound-mix', 'grading', 'subtitles', 'titles', 'export', 'dcp', 'other')),
                    days INTEGER NOT NULL CHECK (days >= 1),
                    assignee TEXT,
                    line_code TEXT,
                    start_on TEXT CHECK (start_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done')),
                    done_on TEXT CHECK (done_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    position INTEGER NOT NULL
                );
                CREATE TABLE post_task_after (
                    task_id INTEGER NOT NULL REFERENCES post_task(id) ON DELETE CASCADE,
                    after_id INTEGER NOT NULL REFERENCES post_task(id) ON DELETE RESTRICT,
                    PRIMARY KEY (task_id, after_id),
                    CHECK (task_id <> after_id)
                );
                -- Days off besides weekends, for the plan.
                CREATE TABLE holiday (
                    day TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                    name TEXT NOT NULL
                );

                -- The cut a screening shows (for its release gate) and the companions each participant may bring.
                ALTER TABLE screening ADD COLUMN cut_name TEXT;
                ALTER TABLE screening ADD COLUMN companions INTEGER NOT NULL DEFAULT 1 CHECK (companions >= 0);
                -- A stable identifier for calendar UIDs.
                ALTER TABLE production ADD COLUMN uid TEXT;

                -- The guest list. `token` is the guest's personal link: kept so the invitations can be sent again.
                CREATE TABLE guest (
                    id INTEGER PRIMARY KEY,
                    screening_id INTEGER NOT NULL REFERENCES screening(id) ON DELETE CASCADE,
                    name TEXT NOT NULL CHECK (name <> ''),
                    name_key TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('contributor', 'participant', 'crew', 'director', 'press', 'partner', 'other')),
                    allowance INTEGER NOT NULL CHECK (allowance >= 1),
                    manual INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
                    email TEXT,
                    rsvp TEXT NOT NULL DEFAULT 'pending' CHECK (rsvp IN ('pending', 'yes', 'no', 'waitlist')),
                    seats INTEGER NOT NULL DEFAULT 0 CHECK (seats >= 0 AND seats <= allowance),
                    checked_in INTEGER NOT NULL DEFAULT 0 CHECK (checked_in >= 0 AND checked_in <= allowance),
                    invited_at INTEGER NOT NULL,
                    waitlisted_at INTEGER,
                    answered_at TEXT,
                    token TEXT NOT NULL UNIQUE CHECK (length(token) >= 32),
                    UNIQUE (screening_id, name_key),
                    CHECK ((rsvp = 'yes' OR rsvp = 'waitlist') = (seats > 0)),
                    CHECK ((rsvp = 'waitlist') = (waitlisted_at IS NOT NULL))
                );

                -- The technical checklist: items ticked by hand (the copy and the release gate are also worked out).
                CREATE TABLE screening_check (
                    screening_id INTEGER NOT NULL REFERENCES screening(id) ON DELETE CASCADE,
                    item TEXT NOT NULL CHECK (item IN ('copy', 'subtitles', 'sound-level', 'test-projection', 'release-gate')),
                    done_at TEXT NOT NULL,
                    note TEXT,
                    PRIMARY KEY (screening_id, item)
                );
                -- Screening files: the approved export, and each copy checked against it.
                CREATE TABLE screening_copy (
                    id INTEGER PRIMARY KEY,
                    screening_id INTEGER NOT NULL REFERENCES screening(id) ON DELETE CASCADE,
                    path TEXT NOT NULL,
                    size INTEGER NOT NULL CHECK (size >= 0),
                    xxh128 TEXT NOT NULL CHECK (length(xxh128) = 32),
                    approved INTEGER NOT NULL DEFAULT 0 CHECK (approved IN (0, 1)),
                    recorded_at TEXT NOT NULL
                );
                """)
            try db.execute(sql: "UPDATE production SET uid = ?", arguments: [UUID().uuidString.lowercased()])
        }
        migrator.registerMigration("v6") { db in
            try db.execute(sql: """
                -- Who writes now: set at the start of each write transaction.
                CREATE TABLE journal_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    actor TEXT NOT NULL
                );
                INSERT INTO journal_state (id, actor) VALUES (1, 'unknown');

                -- Every change to money, releases and guests: append-only.
                CREATE TABLE journal (
                    id INTEGER PRIMARY KEY,
                    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
                    actor TEXT NOT NULL,
                    entity TEXT NOT NULL,
                    ref TEXT NOT NULL,
                    action TEXT NOT NULL CHECK (action IN ('add', 'change', 'remove', 'import')),
                    before TEXT,
                    after TEXT
                );
                CREATE INDEX journal_at ON journal(at);
                CREATE TRIGGER journal_is_append_only_update BEFORE UPDATE ON journal
                BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                CREATE TRIGGER journal_is_append_only_delete BEFORE DELETE ON journal
                BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                """)
            // The rows as JSON objects, without bookkeeping columns nor secrets (a guest's link token).
            let tracked: [(table: String, entity: String, ref: (String) -> String, hidden: Set<String>)] = [
                ("pledge", "pledge", { "\($0).ref" }, ["id", "created_at", "updated_at", "contributor_key"]),
                ("expense", "expense", { "'#' || \($0).id" }, ["id", "created_at"]),
                ("funding_receipt", "funding", { "'#' || \($0).id" }, ["id", "created_at"]),
                ("release", "release", { "'#' || \($0).id" }, ["id", "recorded_at"]),
                ("guest", "guest", { "'screening #' || \($0).screening_id || ': ' || \($0).name" }, ["id", "token", "name_key", "answered_at"]),
            ]
            for t in tracked {
                let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(t.table))").map { $0["name"] as String }
                    .filter { !t.hidden.contains($0) }
                func object(_ row: String) -> String {
                    "json_object(" + columns.map { "'\($0)', \(row).\($0)" }.joined(separator: ", ") + ")"
                }
                let actor = "(SELECT actor FROM journal_state)"
                try db.execute(sql: """
                    CREATE TRIGGER journal_\(t.table)_add AFTER INSERT ON \(t.table) BEGIN
                        INSERT INTO journal (actor, entity, ref, action, after)
                        VALUES (\(actor), '\(t.entity)', \(t.ref("NEW")), 'add', \(object("NEW")));
                    END;
                    CREATE TRIGGER journal_\(t.table)_change AFTER UPDATE ON \(t.table) WHEN \(object("OLD")) IS NOT \(object("NEW")) BEGIN
                        INSERT INTO journal (actor, entity, ref, action, before, after)
                        VALUES (\(actor), '\(t.entity)', \(t.ref("NEW")), 'change', \(object("OLD")), \(object("NEW")));
                    END;
                    CREATE TRIGGER journal_\(t.table)_remove AFTER DELETE ON \(t.table) BEGIN
                        INSERT INTO journal (actor, entity, ref, action, before)
                        VALUES (\(actor), '\(t.entity)', \(t.ref("OLD")), 'remove', \(object("OLD")));
                    END;
                    """)
            }
        }
        migrator.registerMigration("v7") { db in
            // A person's export and erasure are journaled too: the journal's CHECK learns two actions.
            // SQLite cannot change a CHECK in place, so the table is rebuilt, with every trigger that
            // names it set aside meanwhile.
            try Ledger.withJournalTriggersAside(db, on: nil) {
                try db.execute(sql: """
                    CREATE TABLE journal_v7 (
                        id INTEGER PRIMARY KEY,
                        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
                        actor TEXT NOT NULL,
                        entity TEXT NOT NULL,
                        ref TEXT NOT NULL,
                        action TEXT NOT NULL CHECK (action IN ('add', 'change', 'remove', 'import', 'export', 'erase')),
                        before TEXT,
                        after TEXT
                    );
                    INSERT INTO journal_v7 SELECT id, at, actor, entity, ref, action, before, after FROM journal;
                    DROP TABLE journal;
                    ALTER TABLE journal_v7 RENAME TO journal;
                    CREATE INDEX journal_at ON journal(at);
                    """)
            }
        }
        migrator.registerMigration("v8") { db in
            // Guest links are kept as the SHA-256 of their token, as team tokens are: a copy of the
            // ledger opens no invitation. The links already sent keep working (their tokens are
            // hashed in place); a guest drawn from now on has no link until `screening links` makes it.
            // osmose_sha256(text): what Ledger.tokenSHA256 gives.
            let sha256 = DatabaseFunction("osmose_sha256", argumentCount: 1, pure: true) { values in
                String.fromDatabaseValue(values[0]).map(Ledger.tokenSHA256)
            }
            db.add(function: sha256)
            defer { db.remove(function: sha256) }
            try Ledger.withJournalTriggersAside(db, on: ["guest"]) {
                try db.execute(sql: """
                    CREATE TABLE guest_v8 (
                        id INTEGER PRIMARY KEY,
                        screening_id INTEGER NOT NULL REFERENCES screening(id) ON DELETE CASCADE,
                        name TEXT NOT NULL CHECK (name <> ''),
                        name_key TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('contributor', 'participant', 'crew', 'director', 'press', 'partner', 'other')),
                        allowance INTEGER NOT NULL CHECK (allowance >= 1),
                        manual INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
                        email TEXT,
                        rsvp TEXT NOT NULL DEFAULT 'pending' CHECK (rsvp IN ('pending', 'yes', 'no', 'waitlist')),
                        seats INTEGER NOT NULL DEFAULT 0 CHECK (seats >= 0 AND seats <= allowance),
                        checked_in INTEGER NOT NULL DEFAULT 0 CHECK (checked_in >= 0 AND checked_in <= allowance),
                        invited_at INTEGER NOT NULL,
                        waitlisted_at INTEGER,
                        answered_at TEXT,
                        token_sha256 TEXT UNIQUE CHECK (token_sha256 IS NULL OR length(token_sha256) = 64),
                        UNIQUE (screening_id, name_key),
                        CHECK ((rsvp = 'yes' OR rsvp = 'waitlist') = (seats > 0)),
                        CHECK ((rsvp = 'waitlist') = (waitlisted_at IS NOT NULL))
                    );
                    INSERT INTO guest_v8
                    SELECT id, screening_id, name, name_key, kind, allowance, manual, email, rsvp, seats, checked_in, invited_at,
                           waitlisted_at, answered_at, osmose_sha256(token)
                    FROM guest;
                    DROP TABLE guest;
                    ALTER TABLE guest_v8 RENAME TO guest;
                    """)
            }
        }
        return migrator
    }
}
