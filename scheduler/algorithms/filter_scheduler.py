"""The filter scheduler (the default): the enabled filters, then the weighers, then a
random pick among the `host_subset_size` heaviest hosts; inside the database when every
filter and weigher can be (scheduler.sql), in Python otherwise."""
import random

from django.conf import settings

from scheduler import plugins, sql
from scheduler.algorithms.base import BaseScheduler, NoValidHost
from scheduler.weighers.base import weigh


class FilterScheduler(BaseScheduler):
    """Nova's FilterScheduler: settings.SCHEDULER_ENABLED_FILTERS in order, then
    settings.SCHEDULER_WEIGHERS normalised and multiplied; the chosen host comes first,
    then the rest by weight, as alternates for the claim loop."""

    def filters(self):
        return [*self.always(), *plugins.filters(settings.SCHEDULER_ENABLED_FILTERS)]

    def weighers(self):
        return plugins.weighers(settings.SCHEDULER_WEIGHERS)

    def order(self, spec, hosts, trail):
        rows = weigh(self.weighers(), spec, hosts, detailed=settings.SCHEDULER_DECISION_HOSTS)
        trail.weighed(rows)
        return self.pick(rows)

    def pick(self, rows):
        """A random one of the heaviest `host_subset_size` rows, then the rest by weight."""
        chosen = random.choice(rows[:max(1, settings.SCHEDULER_HOST_SUBSET_SIZE)])
        return [chosen.host, *(row.host for row in rows if row is not chosen)]

    def select_from_cloud(self, spec, trail):
        """The same decision, made in the database on a cloud of at least
        settings.SCHEDULER_IN_DATABASE_MIN_HOSTS hosts; the hosts to try are then the
        heaviest settings.SCHEDULER_CANDIDATES."""
        rows = None
        if settings.SCHEDULER_IN_DATABASE and (
                sql.cloud_size() >= settings.SCHEDULER_IN_DATABASE_MIN_HOSTS):
            rows = sql.select(spec, self.filters(), self.weighers(), trail)
        if rows is None:
            return super().select_from_cloud(spec, trail)
        if not rows:
            raise NoValidHost(trail.reason())
        trail.weighed(rows)
        trail.ordered = self.pick(rows)
        return trail.ordered
