-- Every change to what a name lookup answers is published on the channel `cubicle_names`
-- as '<team id>:<name key>', from inside the transaction that makes it: PostgreSQL delivers
-- a notification only when its transaction commits (a rolled-back change publishes
-- nothing), and repeats of one payload within a transaction are delivered once. Every
-- master listens and drops those entries from its name cache. Triggers, rather than calls
-- in the code, so that no write path (and no manual fix in psql) can forget to publish.
--
-- The function bodies are E'' strings with \073 for each semicolon: Prisma's driver
-- adapter runs a migration by splitting it at every semicolon, quotes or not.

CREATE FUNCTION cubicle_template_names_changed() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP IN (''UPDATE'', ''DELETE'') AND OLD.name_key IS NOT NULL THEN
    IF TG_OP = ''DELETE''
       OR OLD.name_key IS DISTINCT FROM NEW.name_key
       OR OLD.display_name IS DISTINCT FROM NEW.display_name
       OR OLD.status IS DISTINCT FROM NEW.status
       OR OLD.ready_build_id IS DISTINCT FROM NEW.ready_build_id
       OR OLD.public IS DISTINCT FROM NEW.public THEN
      PERFORM pg_notify(''cubicle_names'', OLD.team_id::text || '':'' || OLD.name_key)\073
    END IF\073
  END IF\073
  IF TG_OP IN (''INSERT'', ''UPDATE'') AND NEW.name_key IS NOT NULL THEN
    IF TG_OP = ''INSERT'' OR OLD.name_key IS DISTINCT FROM NEW.name_key OR OLD.team_id IS DISTINCT FROM NEW.team_id THEN
      PERFORM pg_notify(''cubicle_names'', NEW.team_id::text || '':'' || NEW.name_key)\073
    END IF\073
  END IF\073
  RETURN NULL\073
END
';

CREATE TRIGGER templates_publish_name_changes
  AFTER INSERT OR UPDATE OR DELETE ON templates
  FOR EACH ROW EXECUTE FUNCTION cubicle_template_names_changed();

-- A lookup names the template's ready build, else its latest one: a new build, or a build
-- changing status, can change the answer.
CREATE FUNCTION cubicle_build_names_changed() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  key text\073
BEGIN
  IF TG_OP = ''UPDATE'' AND OLD.status IS NOT DISTINCT FROM NEW.status THEN
    RETURN NULL\073
  END IF\073
  SELECT t.team_id::text || '':'' || t.name_key INTO key FROM templates t WHERE t.id = NEW.template_id AND t.name_key IS NOT NULL\073
  IF key IS NOT NULL THEN
    PERFORM pg_notify(''cubicle_names'', key)\073
  END IF\073
  RETURN NULL\073
END
';

CREATE TRIGGER builds_publish_name_changes
  AFTER INSERT OR UPDATE OF status ON builds
  FOR EACH ROW EXECUTE FUNCTION cubicle_build_names_changed();
