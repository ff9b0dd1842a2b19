"""Path prefixes shared by the compute route modules."""
V21 = r"^/v2\.1"
