"""Parts of a server document kept in other tables: loaded for a whole list page at once (one
load per part, not one per server) or, for a lone server, on first use."""


class PageLoad:
    """One such part. `load(keys)` answers {key: value} for the instances' `key_of` values
    (a key it leaves out takes `default`); the value is kept on the instance as `attribute`."""

    def __init__(self, attribute, load, key_of=lambda instance: instance.uuid, default=None):
        self.attribute, self.load, self.key_of, self.default = attribute, load, key_of, default

    def prefetch(self, instances):
        """Load the part of every instance of the list `instances` in one go."""
        found = self.load([self.key_of(instance) for instance in instances])
        for instance in instances:
            setattr(instance, self.attribute, found.get(self.key_of(instance), self.default))

    def of(self, instance):
        """The part of `instance`: as prefetched, else loaded now (and kept)."""
        if not hasattr(instance, self.attribute):
            self.prefetch([instance])
        return getattr(instance, self.attribute)
