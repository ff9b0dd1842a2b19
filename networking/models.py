"""Records of the networking app (filled in by later issues)."""
