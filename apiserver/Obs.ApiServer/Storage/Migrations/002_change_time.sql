-- When each change was written, so the change feed can report how far it trails the database.
alter table obs_changes add column written_at timestamptz not null default clock_timestamp();
