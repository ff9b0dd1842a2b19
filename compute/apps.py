"""Django app configuration for compute: instances, flavors, images, hosts, the driver."""
from django.apps import AppConfig


class ComputeConfig(AppConfig):
    name = "compute"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from celery.signals import worker_ready

        # register tasks in every process, not only workers
        from compute import lifecycle_tasks, tasks  # noqa: F401

        worker_ready.connect(_on_worker_ready, weak=False)


def _on_worker_ready(sender=None, **kwargs):
    """A worker consuming host.<name> registers that host and syncs it right away; one
    consuming the scheduler or default queue registers its control services (HOST_NAME) and
    heartbeats them on its timer."""
    from django.conf import settings

    from compute import control_services, host_state

    queues = [q.name for q in sender.task_consumer.queues] if sender else []
    for queue in queues:
        if queue.startswith("host."):
            name = queue[len("host."):]
            host_state.report(name)
            host_state.sync_power_states(name)
    binaries = control_services.binaries_for(queues)
    if binaries:
        control_services.report(settings.HOST_NAME, binaries)
        control_services.keep_reporting(sender.timer, settings.HOST_NAME, binaries,
                                        settings.HEARTBEAT_INTERVAL)
