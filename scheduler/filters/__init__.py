"""Host filters, one policy per module, enabled by settings.SCHEDULER_ENABLED_FILTERS."""
