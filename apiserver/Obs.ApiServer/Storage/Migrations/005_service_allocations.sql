-- Cluster IPs and node ports handed to Services. A primary key per value is what makes two
-- apiservers creating Services at once unable to hand out the same address; the owner's uid lets
-- a Service re-reserve its own value (one node port for its TCP and UDP ports) and lets the
-- repair loop find reservations whose Service never got written.
create table obs_service_allocations (
    kind         text        not null,
    value        text        not null,
    namespace    text        not null,
    name         text        not null,
    uid          text        not null,
    allocated_at timestamptz not null default now(),
    primary key (kind, value)
);
