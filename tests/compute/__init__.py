"""Tests of the compute app."""
