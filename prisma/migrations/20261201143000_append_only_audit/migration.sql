-- The audit trail and the access logs are append-only, like the posted journal: who decided what,
-- who read a full ID number, who was refused. A correction is a new row, never an edit; nothing in
-- the service updates or deletes these rows, so the database refuses it from anyone else too.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit records cannot be changed or deleted (%): record a new event', TG_TABLE_NAME
    USING ERRCODE = 'check_violation';
END $$;

CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER "SecurityEvent_append_only" BEFORE UPDATE OR DELETE ON "SecurityEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER "CaseActivity_append_only" BEFORE UPDATE OR DELETE ON "CaseActivity"
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER "IdNumberRead_append_only" BEFORE UPDATE OR DELETE ON "IdNumberRead"
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER "RecipientReadLog_append_only" BEFORE UPDATE OR DELETE ON "RecipientReadLog"
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
-- TRUNCATE bypasses row triggers.
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER "SecurityEvent_no_truncate" BEFORE TRUNCATE ON "SecurityEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER "CaseActivity_no_truncate" BEFORE TRUNCATE ON "CaseActivity"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER "IdNumberRead_no_truncate" BEFORE TRUNCATE ON "IdNumberRead"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER "RecipientReadLog_no_truncate" BEFORE TRUNCATE ON "RecipientReadLog"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
