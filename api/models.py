"""Records of the api app (filled in by later issues)."""
