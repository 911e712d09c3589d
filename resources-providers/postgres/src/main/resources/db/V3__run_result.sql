-- How a run ended: succeeded, failed, or interrupted (SIGINT/SIGTERM mid-apply). success stays for old readers.
ALTER TABLE dive_runs ADD COLUMN result text NOT NULL DEFAULT 'succeeded';
UPDATE dive_runs SET result = CASE WHEN success THEN 'succeeded' ELSE 'failed' END;
