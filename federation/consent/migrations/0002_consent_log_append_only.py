from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION consent_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'consent_consentlog is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER consent_log_no_update_delete
    BEFORE UPDATE OR DELETE ON consent_consentlog
    FOR EACH ROW EXECUTE FUNCTION consent_log_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS consent_log_no_update_delete ON consent_consentlog;
DROP FUNCTION IF EXISTS consent_log_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("consent", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
