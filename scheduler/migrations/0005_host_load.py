"""Per-host counts of live instances and of I/O operations in flight (HostLoad), kept by
triggers on compute_instance so that a scheduling decision reads two columns instead of
counting the instance table (which grows with every instance ever deleted).

The conditions are literals frozen here, as migrations are: they must match
compute.hosts.WORKLOAD_TASK_STATES; tests/scheduler/test_host_load.py checks every task
state, so a change there without a new migration fails the tests."""
import django.db.models.deletion
from django.db import migrations, models

IO_TASK_STATES = ("resize_migrating", "rebuilding", "resize_prep", "image_snapshot",
                  "image_backup", "rescuing", "unshelving")


def _live(row):
    return f"({row}.host_id IS NOT NULL AND {row}.vm_state <> 'deleted')"


def _io(row):
    """1 when the instance counts as an I/O operation on its host, else 0."""
    states = ", ".join(f"'{s}'" for s in IO_TASK_STATES)
    return (f"(CASE WHEN {_live(row)} AND ({row}.vm_state = 'building' OR "
            f"COALESCE({row}.task_state, '') IN ({states})) THEN 1 ELSE 0 END)")


def _changed():
    """An UPDATE that moves the instance between hosts or in or out of a count."""
    return (f"(OLD.host_id IS NOT NEW.host_id OR (CASE WHEN {_live('OLD')} THEN 1 ELSE 0 END)"
            f" <> (CASE WHEN {_live('NEW')} THEN 1 ELSE 0 END) OR {_io('OLD')} <> {_io('NEW')})")


def _subtract(row):
    return (f"UPDATE scheduler_hostload SET instances = instances - 1, "
            f"io_ops = io_ops - {_io(row)} WHERE host_id = {row}.host_id")


def _add(row, alias=""):
    """SQLite refuses a table alias inside a trigger; PostgreSQL wants one to tell the
    row's columns from the function's."""
    table = f"scheduler_hostload AS {alias}" if alias else "scheduler_hostload"
    prefix = f"{alias}." if alias else ""
    return (f"INSERT INTO {table} (host_id, instances, io_ops) "
            f"SELECT {row}.host_id, 1, {_io(row)} WHERE {_live(row)} "
            f"ON CONFLICT (host_id) DO UPDATE SET instances = {prefix}instances + 1, "
            f"io_ops = {prefix}io_ops + excluded.io_ops")


SQLITE = [
    f"""CREATE TRIGGER scheduler_host_load_insert AFTER INSERT ON compute_instance
        WHEN {_live('NEW')} BEGIN {_add('NEW')}; END""",
    f"""CREATE TRIGGER scheduler_host_load_delete AFTER DELETE ON compute_instance
        WHEN {_live('OLD')} BEGIN {_subtract('OLD')}; END""",
    f"""CREATE TRIGGER scheduler_host_load_update
        AFTER UPDATE OF host_id, vm_state, task_state ON compute_instance WHEN {_changed()}
        BEGIN {_subtract('OLD')} AND {_live('OLD')}; {_add('NEW')}; END""",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS scheduler_host_load_{event}"
               for event in ("insert", "delete", "update")]

POSTGRESQL = [
    f"""CREATE FUNCTION scheduler_host_load() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            IF {_live('OLD')} THEN {_subtract('OLD')}; END IF;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            IF {_live('NEW')} THEN {_add('NEW', 'l')}; END IF;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER scheduler_host_load_insert_delete AFTER INSERT OR DELETE
        ON compute_instance FOR EACH ROW EXECUTE FUNCTION scheduler_host_load()""",
    f"""CREATE TRIGGER scheduler_host_load_update
        AFTER UPDATE OF host_id, vm_state, task_state ON compute_instance FOR EACH ROW
        WHEN {_changed().replace(' IS NOT ', ' IS DISTINCT FROM ')}
        EXECUTE FUNCTION scheduler_host_load()""",
]
POSTGRESQL_DROP = ["DROP TRIGGER IF EXISTS scheduler_host_load_update ON compute_instance",
                   "DROP TRIGGER IF EXISTS scheduler_host_load_insert_delete ON compute_instance",
                   "DROP FUNCTION IF EXISTS scheduler_host_load()"]

BACKFILL = f"""INSERT INTO scheduler_hostload (host_id, instances, io_ops)
    SELECT i.host_id, COUNT(*), SUM({_io('i')}) FROM compute_instance i
    WHERE {_live('i')} GROUP BY i.host_id"""


# Migration 0003's partial indexes, which only decisions read: the counts replace them.
OLD_INDEXES = [
    ("scheduler_live_instances_by_host", "vm_state <> 'deleted'"),
    ("scheduler_io_instances_by_host", "vm_state <> 'deleted' AND (vm_state = 'building' OR "
     "task_state IN ('resize_migrating', 'rebuilding', 'resize_prep', 'image_snapshot', "
     "'image_backup', 'rescuing', 'unshelving'))"),
]


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    statements = POSTGRESQL if connection.vendor == "postgresql" else SQLITE
    with connection.cursor() as cursor:
        for statement in [*statements, BACKFILL]:
            cursor.execute(statement)


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for statement in (POSTGRESQL_DROP if connection.vendor == "postgresql"
                          else SQLITE_DROP):
            cursor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("compute", "0005_quotas"),
        ("scheduler", "0004_aggregate_uuid_updated_at"),
    ]

    operations = [
        migrations.CreateModel(
            name="HostLoad",
            fields=[
                ("host", models.OneToOneField(
                    on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                    related_name="load", serialize=False, to="compute.host")),
                ("instances", models.IntegerField(default=0)),
                ("io_ops", models.IntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        *(migrations.RunSQL(f"DROP INDEX IF EXISTS {name}",
                            f"CREATE INDEX {name} ON compute_instance (host_id) WHERE {where}")
          for name, where in OLD_INDEXES),
    ]
