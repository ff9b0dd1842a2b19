"""Contract suites: one per driver interface, run against every implementation."""
