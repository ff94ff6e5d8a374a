-- AlterTable
ALTER TABLE "builds" ADD COLUMN     "awaiting_spec" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "spec" JSONB,
ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "template_tags" (
    "template_id" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "build_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "template_tags_pkey" PRIMARY KEY ("template_id","tag")
);

-- CreateTable
CREATE TABLE "upload_links" (
    "token_digest" TEXT NOT NULL,
    "team_id" UUID NOT NULL,
    "template_id" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "upload_links_pkey" PRIMARY KEY ("token_digest")
);

-- CreateIndex
CREATE INDEX "template_tags_build_id_idx" ON "template_tags"("build_id");

-- CreateIndex
CREATE INDEX "upload_links_expires_at_idx" ON "upload_links"("expires_at");

-- AddForeignKey
ALTER TABLE "template_tags" ADD CONSTRAINT "template_tags_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "templates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_tags" ADD CONSTRAINT "template_tags_build_id_fkey" FOREIGN KEY ("build_id") REFERENCES "builds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A `name:tag` lookup answers the build its tag names: a tag assigned, moved or removed
-- changes the answer, so it is published like any other change (see name_notifications).
CREATE FUNCTION cubicle_tag_names_changed() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  key text\073
  tpl text\073
BEGIN
  IF TG_OP = ''DELETE'' THEN
    tpl := OLD.template_id\073
  ELSE
    tpl := NEW.template_id\073
  END IF\073
  SELECT t.team_id::text || '':'' || t.name_key INTO key FROM templates t WHERE t.id = tpl AND t.name_key IS NOT NULL\073
  IF key IS NOT NULL THEN
    PERFORM pg_notify(''cubicle_names'', key)\073
  END IF\073
  RETURN NULL\073
END
';

CREATE TRIGGER template_tags_publish_name_changes
  AFTER INSERT OR UPDATE OR DELETE ON template_tags
  FOR EACH ROW EXECUTE FUNCTION cubicle_tag_names_changed();

-- Every ready build so far is its template's `default` build.
INSERT INTO template_tags (template_id, tag, build_id, created_at)
  SELECT t.id, 'default', t.ready_build_id, t.updated_at FROM templates t WHERE t.ready_build_id IS NOT NULL;
