"""Little giants: batches (final vs publicity lists), stock and reviews, provinces and regions, industry."""

from __future__ import annotations

from dashboard.page import header, show_views
from industrial_base.pages import little_giants

header("little_giants")
show_views("little_giants", little_giants.VIEWS)
