"""Host weighers, one per module, enabled by settings.SCHEDULER_WEIGHERS."""
