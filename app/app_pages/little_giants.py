"""Little giants: batches (final vs publicity lists), stock and reviews, provinces and regions, industry."""

from __future__ import annotations

from dashboard.page import View, header, show_views
from industrial_base.pages.little_giants import batches, geography, industry

header("little_giants")
show_views(
    "little_giants",
    [
        View("batches", batches.BATCHES, heading="little_giants.sections.batches"),
        View("stock", batches.STOCK, heading="little_giants.sections.batches"),
        View("reviews", batches.REVIEWS, heading="little_giants.sections.batches"),
        View("map", geography.MAP, heading="little_giants.sections.where"),
        View("top_provinces", geography.TOP, heading="little_giants.sections.where"),
        View("regions", geography.REGIONS, heading="little_giants.sections.where"),
        View("cities", geography.CITIES, heading="little_giants.sections.where"),
        View("profile", industry.PROFILE, heading="little_giants.sections.make"),
        View("registry", industry.REGISTRY, heading="little_giants.sections.make"),
    ],
)
