"""The contract of a scheduling algorithm: filter the hosts, then order the survivors."""
import abc

from scheduler import plugins
from scheduler.decisions import Trail
from scheduler.filters import base as filtering
from scheduler.filters.requested_destination import RequestedDestinationFilter
from scheduler.filters.retry import RetryFilter
from scheduler.hosts import load_hosts


class NoValidHost(Exception):
    """Nothing fits; the message says why in one line."""

    def __init__(self, reason=""):
        self.reason = reason
        super().__init__(f"No valid host was found: {reason}" if reason
                         else "No valid host was found.")


class BaseScheduler(abc.ABC):
    """Turns a RequestSpec and host snapshots into the hosts to try, best first. It never
    claims: the caller claims candidates in order until one succeeds. Every algorithm runs
    the retry and requested-destination filters, then its own filters, and leaves its
    steps in a Trail."""

    filter_names = ()  # the filters this algorithm always runs, after the two above

    def always(self):
        """The filters every algorithm runs first, whatever its settings."""
        return [RetryFilter(), RequestedDestinationFilter()]

    def filters(self):
        return [*self.always(), *plugins.filters(self.filter_names)]

    def select(self, spec, hosts, trail=None):
        """The HostStates to try, best first; raises NoValidHost with the reason."""
        trail = trail if trail is not None else Trail()
        trail.candidate_count = len(hosts)
        survivors = filtering.apply(self.filters(), spec, hosts, trail)
        trail.passed = len(survivors)
        if not survivors:
            raise NoValidHost(trail.reason())
        trail.ordered = self.order(spec, survivors, trail)
        return trail.ordered

    def select_from_cloud(self, spec, trail):
        """`select` over every registered host. Algorithms that can run inside the database
        (scheduler.sql) override this; the hosts to try may then be only the best few."""
        return self.select(spec, load_hosts(), trail)

    @abc.abstractmethod
    def order(self, spec, hosts, trail):
        """`hosts` (all passed the filters) in the order to try them."""
