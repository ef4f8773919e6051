-- What is forwarded to the human on call: one notice per alert that starts firing or resolves, written in the
-- transaction that stored the change, so an apiserver that stops before forwarding it loses nothing. The alert is
-- kept as it was then (a later notification changes its annotations). Ids are taken under a transaction lock held
-- to commit, so they commit in order and a forwarder reading "after id N" never passes one that commits late.
create table obs_alert_notices (
    id         bigint      generated always as identity primary key,
    alert_id   bigint      not null references obs_alerts (id) on delete cascade,
    status     text        not null check (status in ('firing', 'resolved')),
    alert      jsonb       not null,
    created_at timestamptz not null
);
create index obs_alert_notices_created on obs_alert_notices (created_at);

-- How far each destination (a webhook URL, an SMTP relay and its recipients) has been sent, keyed by the SHA-256 of
-- its description: a chat webhook's URL carries its secret.
create table obs_alert_forward_cursors (
    destination  text        primary key,
    last_sent_id bigint      not null,
    updated_at   timestamptz not null
);
