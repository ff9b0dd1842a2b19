"""Per-step timings of the create actions in a stack's database (run inside `manage.py shell`):
how long each chain step ran and how long it waited in its queue before starting."""
import json
import statistics

from compute.models import InstanceAction


def _ms(delta):
    return delta.total_seconds() * 1000


def report():
    runs, waits = {}, {}
    for action in InstanceAction.objects.filter(action="create").prefetch_related("events"):
        previous_end = action.start_time
        for event in action.events.all():
            if event.finish_time is None:
                continue
            runs.setdefault(event.event, []).append(_ms(event.finish_time - event.start_time))
            waits.setdefault(event.event, []).append(_ms(event.start_time - previous_end))
            previous_end = event.finish_time
    rows = []
    for name in runs:
        rows.append({"step": name, "runs": len(runs[name]),
                     "median_run_ms": round(statistics.median(runs[name]), 1),
                     "median_wait_ms": round(statistics.median(waits[name]), 1),
                     "p95_wait_ms": round(sorted(waits[name])[int(len(waits[name]) * .95)], 1)})
    print(json.dumps(rows))


report()
