"""Partial indexes on compute_instance that keep a decision's per-host counts (live
instances, I/O operations in flight) from reading the whole instance table, which grows
with every instance ever deleted. scheduler/hosts.py writes the same conditions, as literals,
so that SQLite can prove they imply the index's (it cannot with bound parameters);
tests/scheduler/test_in_database.py checks the plan uses them."""
from django.db import migrations

LIVE = "vm_state <> 'deleted'"
IO = ("(vm_state = 'building' OR task_state IN ('resize_migrating', 'rebuilding', "
      "'resize_prep', 'image_snapshot', 'image_backup', 'rescuing', 'unshelving'))")


class Migration(migrations.Migration):

    dependencies = [
        ("compute", "0002_instance_api_fields_flavor_access_keypair"),
        ("scheduler", "0002_aggregates_groups_decisions"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX scheduler_live_instances_by_host ON compute_instance (host_id) "
            f"WHERE {LIVE}",
            "DROP INDEX scheduler_live_instances_by_host"),
        migrations.RunSQL(
            f"CREATE INDEX scheduler_io_instances_by_host ON compute_instance (host_id) "
            f"WHERE {LIVE} AND {IO}",
            "DROP INDEX scheduler_io_instances_by_host"),
    ]
