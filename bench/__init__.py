"""Performance benchmark of the dashboard against two reference apps; run ``python -m bench``."""
