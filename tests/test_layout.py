"""Where outputs land has one home, lacnews.base.layout: no other module names an output's file by hand, and the
addresses it gives agree with the files a build writes."""

from __future__ import annotations

import ast

from conftest import REPO

from lacnews.base import layout
from lacnews.base.project import Project

# The names of outputs' files and folders: only layout writes them.
OUTPUT_NAMES = {layout.EMAIL_HTML, layout.EMAIL_TEXT, layout.BUILD_RECORD, layout.SITE, layout.SITE_RECORD,
                layout.PAGE, layout.FEED, layout.LINK_CACHE, layout.CACHE, layout.PUSH_RECORD, layout.IMAGES,
                layout.LOCAL_PICTURES}
# The same words meaning something else.
OTHER_MEANING = {
    ("lacnews/base/cache.py", ".cache"): "the user's cache folder (XDG), not the project's",
}
# Left in modules of other owners while they move to layout (issue 20): each entry goes when its name does.
AWAITING = {
}


def names_written_by_hand() -> set[tuple[str, str]]:
    found = set()
    for path in sorted((REPO / "lacnews").rglob("*.py")):
        where = str(path.relative_to(REPO))
        if where == "lacnews/base/layout.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in OUTPUT_NAMES:
                found.add((where, node.value))
    return found


def test_no_module_but_layout_names_where_an_output_lands():
    assert names_written_by_hand() - set(OTHER_MEANING) - set(AWAITING) == set()


def test_what_awaits_its_move_to_layout_is_still_there():
    """An entry of AWAITING whose name has gone is taken out, so that the name cannot come back unseen."""
    assert set(AWAITING) - names_written_by_hand() == set()


def test_the_build_writes_where_layout_says(lac):
    result = lac.run("build", "--all")
    assert result.code == 0, result.output
    project = Project(lac.root)
    assert layout.email_path(project, "may-2020").is_file()
    assert (layout.issue_dir(project, "may-2020") / layout.email_name(text=True)).is_file()
    assert layout.record_path(project, "may-2020").is_file()
    assert (layout.archive_dir(project, "may-2020") / layout.archive_page()).is_file()
    assert (layout.site_dir(project) / layout.site_index()).is_file()
    assert (layout.site_dir(project) / layout.SITE_RECORD).is_file()
    assert layout.is_built(project, "may-2020")


def test_the_public_addresses_under_site_url():
    from lacnews.base.schema import Newsletter, Sender

    newsletter = Newsletter("News", Sender("A", "B", "C"), site_url="https://example.org/news")
    assert layout.site_address(newsletter) == "https://example.org/news/"
    assert layout.site_address(newsletter, "cy") == "https://example.org/news/cy/"
    assert layout.archive_address(newsletter, "may-2020") == "https://example.org/news/may-2020/"
    assert layout.archive_address(newsletter, "may-2020", "cy") == "https://example.org/news/may-2020/cy/"
    assert layout.picture_base(newsletter, "may-2020") == "https://example.org/news/may-2020/images/"
    newsletter.images_url = "https://example.org/pictures"
    assert layout.picture_base(newsletter, "may-2020") == "https://example.org/pictures/"
    newsletter.images_url = newsletter.site_url = None
    assert layout.picture_base(newsletter, "may-2020") is None


def test_an_edition_s_files_and_the_archive_s_links_between_pages():
    assert layout.email_name() == "email.html" and layout.email_name("cy", text=True) == "cy/email.txt"
    assert layout.archive_page() == "index.html" and layout.archive_page("cy") == "cy/index.html"
    assert layout.archive_pictures(None) == "images/" and layout.archive_pictures("cy") == "../images/"
    assert layout.archive_edition("cy", "en") == "../en/" and layout.archive_edition(None, "en") == "en/"
    assert layout.archive_home(None) == "../index.html" and layout.archive_home("cy") == "../../cy/index.html"
    assert layout.site_index("cy", seen_from="en") == "../cy/index.html" and layout.site_feed("cy") == "cy/feed.xml"
    assert layout.index_entry("may-2020") == "may-2020/index.html"
    assert layout.index_entry("may-2020", "cy", seen_from="cy") == "../may-2020/cy/index.html"
    assert layout.index_entry("may-2020", seen_from="en") == "../may-2020/index.html"  # an issue in English alone
    assert layout.index_entry("may-2020") == "may-2020/index.html"
