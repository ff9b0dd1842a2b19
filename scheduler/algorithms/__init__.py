"""Scheduling algorithms, one small class each, chosen by settings.SCHEDULER_DRIVER."""
