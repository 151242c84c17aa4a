"""An http:// link is reported by plain `check`, offline (issue 22, point 8): a note, since only fetching can
tell whether the site answers on https:// (`check --links` does, and then says it surely, as link-https)."""

from __future__ import annotations

import http.server
import threading

import pytest
from conftest import MINIMAL_NEWSLETTER

from lacnews.checks.registry import level_of


def notes(result) -> list[str]:
    return [line for line in result.out.splitlines() if " link-http: " in line]


def test_the_may_2020_seeds_website_link_is_noted_but_nothing_is_blocked(lac):
    checked = lac.run("check", "may-2020")
    assert notes(checked) == [
        "newsletter.yaml:8:10: note link-http: http://lacnetwork.org/ is not encrypted: use https://lacnetwork.org/ "
        "if the site has it — `lacnews check --links --all` tests whether it does",
        "newsletter.yaml:9:13: note link-http: http://eepurl.com/dlqbIT is not encrypted: use "
        "https://eepurl.com/dlqbIT if the site has it — `lacnews check --links --all` tests whether it does",
    ], checked.out
    assert checked.code == 0 and checked.out.strip().endswith("2 notes in may-2020")
    assert lac.run("check", "--strict", "may-2020").code == 0
    assert lac.run("build", "may-2020").code == 0
    assert level_of("link-http") == "note"


def test_merge_tags_stay_as_written_and_other_addresses_are_left_alone(project):
    project.issue("march-2021", """\
        date: 2021-03
        subject: Links
        sections:
          - title: Links
            body: |
              [Track](http://example.org/?id=*|UNIQID|*&list=*|LIST:COMPANY|*), [secure](https://example.org/),
              [mail](mailto:cat@example.org), [call](tel:+441234567890), [archive](*|ARCHIVE|*) and
              ![A chart](http://example.org/chart.png)
            items:
              - title: Old page
                url: HTTP://EXAMPLE.ORG/old
        """)
    result = project.run("check", "march-2021")
    assert notes(result) == [
        "issues/march-2021.yaml:6:15: note link-http: http://example.org/?id=*|UNIQID|*&list=*|LIST:COMPANY|* is "
        "not encrypted: use https://example.org/?id=*|UNIQID|*&list=*|LIST:COMPANY|* if the site has it — "
        "`lacnews check --links march-2021` tests whether it does",
        "issues/march-2021.yaml:11:14: note link-http: HTTP://EXAMPLE.ORG/old is not encrypted: use "
        "https://EXAMPLE.ORG/old if the site has it — `lacnews check --links march-2021` tests whether it does",
    ], result.out
    assert " image-http: " in result.out  # a picture on http:// is image-http's, a warning of its own


class Plain(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_HEAD(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD


@pytest.fixture
def plain_server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Plain)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_with_links_fetching_says_what_the_note_could_only_suggest(project, plain_server):
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + f"website: {plain_server}/\n")
    offline = project.run("check", "march-2021")
    assert len(notes(offline)) == 1, offline.out
    online = project.run("check", "--links", "--timeout", "2", "march-2021")
    assert online.code == 0 and notes(online) == [] and "link-broken" not in online.out, online.out
