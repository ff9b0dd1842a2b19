"""The cloudproject test suite."""
