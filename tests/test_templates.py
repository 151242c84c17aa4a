"""A project's own templates: overriding built-in ones file by file, and adding a layout."""

from __future__ import annotations

CARDS_ISSUE = """\
date: 2021-03
subject: Cards
sections:
  - title: Events
    layout: cards
    items:
      - title: Coffee morning
        body: Thursday at ten, <b>all</b> welcome.
      - title: Walk
        body: Saturday.
"""


def test_a_project_adds_a_layout_with_a_template_pair_and_no_python(project):
    project.write("templates/sections/cards.html.j2", """\
        <table role="presentation" class="cards"><tr>
        {% for item in section.items %}<td class="card-cell"><strong>{{ item.title }}</strong> {{ item.body|markdown }}</td>{% endfor %}
        </tr></table>
    """)
    project.write("templates/sections/cards.txt.j2", """\
        {% for item in section.items %}
        [{{ item.title }}] {{ item.body|text_inline }}
        {% endfor %}
    """)
    project.issue("march-2021", CARDS_ISSUE)
    checked = project.run("check", "march-2021")  # the <b> is caught as pasted HTML, and built anyway here
    assert "error paste-html: sections[0].items[0].body: pasted HTML (<b>)" in checked.out
    result = project.run("build", "--force", "march-2021")
    assert result.code == 0, result.output
    html, text = project.built("march-2021")
    assert 'class="cards"' in html and "<strong>Coffee morning</strong>" in html
    assert "&lt;b&gt;all&lt;/b&gt;" in html  # autoescape holds in project templates too
    assert "[Coffee morning] Thursday at ten, <b>all</b> welcome." in text
    assert "[Walk] Saturday." in text


def test_a_layout_needs_both_templates(project):
    project.write("templates/sections/cards.html.j2", "<p>only html</p>\n")
    project.issue("march-2021", CARDS_ISSUE)
    result = project.run("build", "march-2021")
    assert result.code == 1
    assert "issues/march-2021.yaml:5:13: sections[0].layout: unknown layout 'cards'" in result.err


def test_a_project_template_replaces_the_built_in_one_file_by_file(project):
    project.write("templates/sections/standard.txt.j2", "STANDARD TEXT FOR {{ section.title|upper }}\n")
    result = project.run("build", "march-2021")
    assert result.code == 0, result.output
    html, text = project.built("march-2021")
    assert "STANDARD TEXT FOR FIRST SECTION" in text
    assert "Hello *|FNAME|*, this is the first section." in html  # the HTML layout is still built in


def test_a_project_template_extends_the_built_in_one_it_replaces(project):
    project.write("templates/email.html.j2", """\
        {% extends "builtin/email.html.j2" %}
        {% block masthead %}<tr><td class="cell"><p class="banner">Our own masthead</p></td></tr>{% endblock %}
        {% block style %}{{ super() }} .banner { color: #8a2be2; }{% endblock %}
    """)
    result = project.run("build", "march-2021")
    assert result.code == 0, result.output
    html, _ = project.built("march-2021")
    assert '<p class="banner" style="' in html and "color:#8a2be2" in html
    assert "<h1" not in html  # the built-in masthead block was replaced
    assert "*|UNSUB|*" in html  # the rest is the built-in template


def test_a_template_using_an_unknown_variable_is_reported(project):
    project.write("templates/sections/standard.html.j2", "{{ section.subtitle }}\n")
    result = project.run("build", "march-2021")
    assert result.code == 1 and "Traceback" not in result.output
    assert "templates/sections/standard.html.j2:1: " in result.err and "subtitle" in result.err
    assert project.build_files() == []


def test_a_template_edited_between_two_builds_in_one_process_is_seen(project):
    """The preview builds again in the same process: an edit of an included template is seen at the next build
    (Jinja's check that a file changed is made once a rendering, not at each include)."""
    import os

    from lacnews.base.project import Project
    from lacnews.commands.build import build

    section = project.write("templates/sections/standard.txt.j2", "FIRST VERSION {{ section.title }}\n")
    first = build(Project(project.root), "march-2021", force=True)
    assert first.slug == "march-2021"
    assert "FIRST VERSION" in project.built("march-2021")[1]
    section.write_text("SECOND VERSION {{ section.title }}\n", encoding="utf-8")
    later = os.stat(section).st_mtime_ns + 2_000_000_000  # a file system with coarse times still sees a change
    os.utime(section, ns=(later, later))
    build(Project(project.root), "march-2021", force=True)
    _, text = project.built("march-2021")
    assert "SECOND VERSION" in text and "FIRST VERSION" not in text
