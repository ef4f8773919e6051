-- One global revision sequence is every object's resourceVersion. Each write takes the next
-- value, so revisions order all changes of the cluster.
create sequence obs_revision;

-- The current state: one row per object, its revision and its JSON (resourceVersion is not
-- stored inside the JSON; readers set it from rv).
create table obs_objects (
    resource  text   not null,
    namespace text   not null,
    name      text   not null,
    rv        bigint not null,
    data      text   not null,
    primary key (resource, namespace, name)
);

-- The change log that feeds watches, ordered by revision. xid is the writing transaction, so
-- a reader that starts while writes are in flight can tell which rows its snapshot missed.
create table obs_changes (
    rv        bigint primary key,
    resource  text     not null,
    namespace text     not null,
    name      text     not null,
    type      smallint not null, -- 0 added, 1 modified, 2 deleted
    data      text     not null,
    xid       xid8     not null default pg_current_xact_id()
);

-- Revisions at or below compacted_rv are gone from obs_changes: a watch from there gets 410.
create table obs_compaction (
    id           int    primary key check (id = 1),
    compacted_rv bigint not null
);
insert into obs_compaction values (1, 0);

-- LISTEN/NOTIFY is only a wake-up hint for the change-feed readers, which then read by revision.
create function obs_notify_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('obs_changes', '');
    return null;
end $$;

create trigger obs_changes_notify after insert on obs_changes
    for each statement execute function obs_notify_change();
