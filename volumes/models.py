"""Records of the volumes app (filled in by later issues)."""
