"""Aggregates get Nova's uuid (shown from microversion 2.41) and an updated_at that stays
empty until the first change. Existing rows get a uuid each before the column turns unique."""
import uuid

from django.db import migrations, models

import scheduler.models


def give_each_aggregate_a_uuid(apps, schema_editor):
    Aggregate = apps.get_model("scheduler", "Aggregate")
    for aggregate in Aggregate.objects.filter(uuid__isnull=True):
        aggregate.uuid = str(uuid.uuid4())
        aggregate.save(update_fields=["uuid"])


class Migration(migrations.Migration):

    dependencies = [
        ("scheduler", "0003_instance_indexes_for_decisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="aggregate",
            name="uuid",
            field=models.CharField(max_length=36, null=True, editable=False),
        ),
        migrations.RunPython(give_each_aggregate_a_uuid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="aggregate",
            name="uuid",
            field=models.CharField(default=scheduler.models._new_uuid, editable=False,
                                   max_length=36, unique=True),
        ),
        migrations.AlterField(
            model_name="aggregate",
            name="updated_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
