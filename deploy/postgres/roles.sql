-- Workshop kit on PostgreSQL, step 1 of 3: the database and its three roles.
-- Run once, as a PostgreSQL superuser:   sudo -u postgres psql -f deploy/postgres/roles.sql
-- (docs/deploying.md walks through all three steps).
--
--   kit_owner        owns the tables; used only to create them and, after an upgrade of the
--                    kit, to upgrade them. Nobody runs a workshop with it.
--   kit_facilitator  facilitators' JupyterLab servers: sessions, imports, exports, deleting a
--                    session's answers. Cannot drop or alter tables, cannot rewrite an answer.
--   kit_participant  the participant service (the phones' app): reads sessions, records who
--                    joined, adds answers. Cannot read any answer's content, change a session
--                    or delete anything.
--
-- No password is set here, so none ends up in a file or in your shell history: set them
-- afterwards in psql with   \password kit_owner   \password kit_facilitator
-- \password kit_participant   (each asks twice and sends only a hash).

\set ON_ERROR_STOP on

CREATE ROLE kit_owner LOGIN;
CREATE ROLE kit_facilitator LOGIN;
CREATE ROLE kit_participant LOGIN;

CREATE DATABASE workshop OWNER kit_owner ENCODING 'UTF8' TEMPLATE template0;

-- Only the kit's roles may connect (by default every role may connect to a new database).
REVOKE ALL ON DATABASE workshop FROM PUBLIC;
GRANT CONNECT ON DATABASE workshop TO kit_facilitator, kit_participant;

\connect workshop

-- PostgreSQL 14 and older let every role create tables in "public": only the owner may.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CREATE, USAGE ON SCHEMA public TO kit_owner;
GRANT USAGE ON SCHEMA public TO kit_facilitator, kit_participant;
