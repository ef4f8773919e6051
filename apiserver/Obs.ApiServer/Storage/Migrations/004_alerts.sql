-- The on-call receiver's history. An alert is one row per (fingerprint, startsAt): Alertmanager
-- identifies an alert by its fingerprint and a new firing of the same labels starts anew, so the
-- pair is what a redelivery or a resolution updates instead of adding a row.
create table obs_alerts (
    id                bigint generated always as identity primary key,
    fingerprint       text        not null,
    starts_at         timestamptz not null,
    state             text        not null check (state in ('firing', 'resolved')),
    alertname         text        not null,
    labels            jsonb       not null,
    annotations       jsonb       not null,
    ends_at           timestamptz,
    generator_url     text        not null,
    first_received_at timestamptz not null,
    last_received_at  timestamptz not null,
    resolved_at       timestamptz,
    deliveries        integer     not null,
    acknowledged_by   text,
    acknowledged_at   timestamptz,
    unique (fingerprint, starts_at)
);
create index obs_alerts_state on obs_alerts (state, last_received_at desc);

-- Every notification as Alertmanager sent it. A byte-identical redelivery (a retry after a lost
-- answer) is the same notification: it counts, it is not stored again.
create table obs_alert_notifications (
    id                bigint generated always as identity primary key,
    payload_sha256    text        not null unique,
    group_key         text        not null,
    receiver          text        not null,
    status            text        not null,
    payload           text        not null,
    first_received_at timestamptz not null,
    last_received_at  timestamptz not null,
    deliveries        integer     not null
);

-- Which notifications named which alert, and as what: the alert's own history.
create table obs_alert_notification_alerts (
    notification_id bigint not null references obs_alert_notifications (id) on delete cascade,
    alert_id        bigint not null references obs_alerts (id) on delete cascade,
    status          text   not null,
    primary key (notification_id, alert_id)
);
create index obs_alert_notification_alerts_alert on obs_alert_notification_alerts (alert_id);

-- Silences created through the receiver, with who asked; Alertmanager holds the live copy.
create table obs_alert_silences (
    id         text        primary key,
    matchers   jsonb       not null,
    starts_at  timestamptz not null,
    ends_at    timestamptz not null,
    created_by text        not null,
    comment    text        not null,
    created_at timestamptz not null
);
