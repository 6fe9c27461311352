"""Little giants: batches, stock and reviews, geography and industry, and the numbers the commentary quotes.

Pure: frames in, frames / figures / numbers out. Final MIIT counts and publicity-list compilations are kept
apart everywhere; a figure nobody published is labelled "not published", never filled in. Words come from the
page catalogue (`little_giants.*`) through the `Messages` passed in; names the data holds in English only go
through `m.data_name`, province names through `m.name`. One module per section of the page: `batches`,
`geography`, `industry`.
"""

from __future__ import annotations

from industrial_base.cards import View
from industrial_base.pages.little_giants import batches, geography, industry

BATCHES = "little_giants.sections.batches"
WHERE = "little_giants.sections.where"
MAKE = "little_giants.sections.make"
VIEWS = (
    View("batches", batches.BATCHES, heading=BATCHES),
    View("stock", batches.STOCK, heading=BATCHES),
    View("reviews", batches.REVIEWS, heading=BATCHES),
    View("map", geography.MAP, heading=WHERE),
    View("top_provinces", geography.TOP, heading=WHERE),
    View("regions", geography.REGIONS, heading=WHERE),
    View("cities", geography.CITIES, heading=WHERE),
    View("profile", industry.PROFILE, heading=MAKE),
    View("registry", industry.REGISTRY, heading=MAKE),
)
