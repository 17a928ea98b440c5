-- Workshop kit on PostgreSQL, step 3 of 3: what each role may do with the kit's tables.
-- Run after the kit has created its tables as kit_owner (step 2 in docs/deploying.md), and
-- again after every upgrade of the kit that changed them:
--   sudo -u postgres psql -d workshop -f deploy/postgres/grants.sql
-- Running it twice does no harm.
--
-- Derived from workshop_kit/core/store/ (schema.py: schema version 4): what each page really does.
-- tests/test_deploy_configs.py runs these files on a real PostgreSQL and checks that the
-- participant app works with kit_participant and that the forbidden things fail.

\set ON_ERROR_STOP on

-- Start from nothing, so that running this again after a change removes what was dropped.
REVOKE ALL ON kit_meta, sessions, participants, answers, handover_requests, releases
    FROM kit_facilitator, kit_participant;
REVOKE ALL ON SEQUENCE sessions_id_seq, answers_id_seq, handover_requests_id_seq,
    releases_id_seq FROM kit_facilitator, kit_participant;

-- kit_participant: the participant app and the service's join links.
--   opening the store      reads the schema version
--   /join/CODE, the app    reads the session (whole rows: the store selects every column)
--   consent                records an anonymous participant, finds a returning one, and
--                          the page they joined on (a hand-over counts the page's people)
--   an answer              adds it with its page; counts the page's answers of the last
--                          minutes (the limits per phone: page id and times only); on a
--                          repeat, finds its idempotency key among the page's (and the id
--                          the insert returns): never the answer's content, who gave it,
--                          or how many answers a session has
GRANT SELECT ON kit_meta TO kit_participant;
GRANT SELECT ON sessions TO kit_participant;
--   the phone's poll       reads the facilitator's latest "new person on each phone?" request
GRANT SELECT (id, session_id) ON handover_requests TO kit_participant;
--   the same poll          reads the newest release's id (whether results were shown anew:
--                          ids only, never what was released)
GRANT SELECT (id, session_id) ON releases TO kit_participant;
GRANT SELECT (id, session_id, device_id), INSERT (id, session_id, consented_at, device_id)
    ON participants TO kit_participant;
GRANT SELECT (id, idempotency_key, device_id, created_at),
      INSERT (session_id, participant_id, device_id, activity, item, payload, source,
              idempotency_key, created_at)
    ON answers TO kit_participant;
GRANT USAGE ON SEQUENCE answers_id_seq TO kit_participant;

-- kit_facilitator: everything the hub and the activity pages do. Answers stay append-only
-- (no UPDATE); nothing can be dropped, altered or truncated.
GRANT SELECT ON kit_meta TO kit_facilitator;
GRANT SELECT, INSERT, UPDATE ON sessions TO kit_facilitator;
GRANT SELECT, INSERT, DELETE ON participants, answers TO kit_facilitator;
GRANT SELECT, INSERT ON handover_requests TO kit_facilitator;
-- "Show results", moving on and closing record releases; deleting a session's answers deletes
-- its releases with them (a release names an answer id)
GRANT SELECT, INSERT, DELETE ON releases TO kit_facilitator;
GRANT USAGE ON SEQUENCE sessions_id_seq, answers_id_seq, handover_requests_id_seq,
    releases_id_seq TO kit_facilitator;
