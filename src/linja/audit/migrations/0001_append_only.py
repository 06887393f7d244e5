"""The audit log is append-only: the database itself refuses to change or delete an entry,
whatever program asks (the web site, a script, an administrator's SQL prompt aside from
dropping the trigger)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLE = "auditlog_logentry"
SQLITE = [
    f"""CREATE TRIGGER linja_audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    f"""CREATE TRIGGER linja_audit_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS linja_audit_no_update",
    "DROP TRIGGER IF EXISTS linja_audit_no_delete",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION linja_audit_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER linja_audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION linja_audit_append_only()""",
    f"""CREATE TRIGGER linja_audit_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION linja_audit_append_only()""",
]
POSTGRES_UNDO = [
    f"DROP TRIGGER IF EXISTS linja_audit_no_truncate ON {TABLE}",
    f"DROP TRIGGER IF EXISTS linja_audit_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS linja_audit_append_only()",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0017_add_actor_email")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_UNDO, "postgresql": POSTGRES_UNDO}),
        )
    ]
