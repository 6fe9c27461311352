"""The dashboard's pages, listed once: the navigation and the overview's page guide both read `PAGES`.

A page's id names its script (`app/app_pages/<id>.py`), its catalogue file (`app/content/<lang>/<id>.toml`),
its navigation label (`ui.nav.<id>`) and its line in the overview's guide (`overview.pages.<id>`).
"""

from __future__ import annotations

from dataclasses import dataclass

DASHBOARD = "dashboard"
ABOUT_DATA = "about_data"
"""Navigation groups (`ui.nav.<group>`)."""


@dataclass(frozen=True)
class Page:
    id: str
    icon: str
    title: str
    """Catalogue key of the page's title."""
    caption: str | None
    """Catalogue key of the line under the title (None: the page writes its own)."""
    url_path: str | None = None
    """None for the default page (served at `/`)."""
    group: str = DASHBOARD

    @property
    def script(self) -> str:
        """The page file, relative to the entrypoint's folder."""
        return f"app_pages/{self.id}.py"

    @property
    def nav_label(self) -> str:
        return f"ui.nav.{self.id}"

    @property
    def is_default(self) -> bool:
        return self.url_path is None


PAGES: tuple[Page, ...] = (
    Page("overview", ":material/dashboard:", "ui.app.title", "overview.caption"),
    Page("value_added", ":material/show_chart:", "value_added.title", "value_added.caption", "value-added"),
    Page("key_products", ":material/precision_manufacturing:", "ui.nav.key_products", None, "key-products"),
    Page(
        "little_giants",
        ":material/domain:",
        "little_giants.page.title",
        "little_giants.page.caption",
        "little-giants",
    ),
    Page("clusters", ":material/hub:", "clusters.title", "clusters.caption", "clusters"),
    Page("fact_check", ":material/fact_check:", "fact_check.title", "fact_check.caption", "fact-check"),
    Page("sources", ":material/menu_book:", "ui.nav.sources", "sources.caption", "sources", ABOUT_DATA),
)
GROUPS = (DASHBOARD, ABOUT_DATA)


def page(page_id: str) -> Page:
    """The registry entry of a page; KeyError names the unknown id."""
    for entry in PAGES:
        if entry.id == page_id:
            return entry
    raise KeyError(f"no page '{page_id}' in industrial_base.site.PAGES")
