-- Who ended an alert: 'alertmanager' when a resolved notification arrived, 'receiver' when Alertmanager stopped
-- holding the alert and never sent its resolution (muted by an inhibition or a silence when its group was flushed).
-- The on-call reads it to tell an alert that was seen to end from one the receiver closed for want of news.
alter table obs_alerts add column resolved_by text;

-- Alerts resolved before this column: a resolved notification in their history means Alertmanager ended them.
update obs_alerts a set resolved_by = case
        when exists (select 1 from obs_alert_notification_alerts n where n.alert_id = a.id and n.status = 'resolved') then 'alertmanager'
        else 'receiver' end
    where state = 'resolved';
