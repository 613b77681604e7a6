-- A published disclosure never changes (001 §25, 附件2; issue 16 "the published table is immutable (a
-- correction is a new version)"). The service only marks it superseded when its correction is
-- published and records the end of its objection period; the database refuses anything else, from
-- anyone, as it does for posted journal entries.
CREATE FUNCTION disclosure_published_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status NOT IN ('published', 'superseded') THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'published disclosure % cannot be deleted: publish a correction as a new version', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  IF (to_jsonb(NEW) - 'status' - 'objectionClosedAt') IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'objectionClosedAt')
     OR NOT (NEW.status = OLD.status OR (OLD.status = 'published' AND NEW.status = 'superseded'))
     OR (OLD."objectionClosedAt" IS NOT NULL AND NEW."objectionClosedAt" IS DISTINCT FROM OLD."objectionClosedAt") THEN
    RAISE EXCEPTION 'published disclosure % cannot be changed: publish a correction as a new version', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "AssistanceDisclosure_published_immutable" BEFORE UPDATE OR DELETE ON "AssistanceDisclosure"
  FOR EACH ROW EXECUTE FUNCTION disclosure_published_immutable();
CREATE TRIGGER "AssistanceDisclosure_no_truncate" BEFORE TRUNCATE ON "AssistanceDisclosure"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
