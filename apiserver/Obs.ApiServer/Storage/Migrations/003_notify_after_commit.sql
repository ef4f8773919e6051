-- A NOTIFY inside a writing transaction makes PostgreSQL serialise commits (the notify queue is
-- held until the commit is flushed): writes then go one fsync at a time. Writers now send the
-- wake-up after they commit, from the apiserver (ChangeNotifier), in coalesced NOTIFY-only statements.
drop trigger obs_changes_notify on obs_changes;
drop function obs_notify_change();
