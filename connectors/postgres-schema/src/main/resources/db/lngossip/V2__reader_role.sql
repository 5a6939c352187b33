-- The query service reads with a role that cannot write: lngossip_reader, SELECT on every table, now and later.
-- Deployments give their service user this role: CREATE ROLE lngossip_query LOGIN PASSWORD '...' IN ROLE lngossip_reader;
-- A migrating user without the right to create roles gets a notice instead of a failure; an administrator then creates
-- the role and runs the grants below once.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lngossip_reader') THEN
        CREATE ROLE lngossip_reader NOLOGIN;
    END IF;
    GRANT USAGE ON SCHEMA public TO lngossip_reader;
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO lngossip_reader;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO lngossip_reader;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'lngossip_reader not set up (%): create it and grant SELECT as an administrator', SQLERRM;
END
$$;
