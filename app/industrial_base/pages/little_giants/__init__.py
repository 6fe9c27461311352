"""Little giants: batches, stock and reviews, geography and industry, and the numbers the commentary quotes.

Pure: frames in, frames / figures / numbers out. Final MIIT counts and publicity-list compilations are kept
apart everywhere; a figure nobody published is labelled "not published", never filled in. Words come from the
page catalogue (`little_giants.*`) through the `Messages` passed in; names the data holds in English only go
through `m.data_name`, province names through `m.name`. One module per family of views: `batches`,
`geography`, `industry`; the figures themselves are computed in `industrial_base.facts.little_giants`.
"""

from __future__ import annotations

from industrial_base.pages.little_giants import batches, geography, industry
from industrial_base.registry import Page

PAGE = Page(
    "little_giants",
    ":material/domain:",
    url_path="little-giants",
    views=(*batches.VIEWS, *geography.VIEWS, *industry.VIEWS),
)
