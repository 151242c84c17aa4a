"""A set of fields given as text (``link: https://…``) is answered with the shape it should have, taken from the
schema: its required fields and those with an example, each with its example, written as YAML (issue 22, point 4)."""

from __future__ import annotations

import dataclasses
import typing

import pytest
import yaml

from lacnews.base import schema
from lacnews.pipeline.validate import _required, field_types, shape_of, unwrap_optional


def records(cls=None, seen=None):
    """Yield (class, field name, whether it is a list) for every field of the format that is a set of fields."""
    seen = set() if seen is None else seen
    for root in ([cls] if cls else [schema.Issue, schema.Newsletter]):
        for name, (_declared, hint) in field_types(root).items():
            inner, _ = unwrap_optional(hint)
            listed = typing.get_origin(inner) is list
            inner = typing.get_args(inner)[0] if listed else inner
            if dataclasses.is_dataclass(inner) and (inner, name) not in seen:
                seen.add((inner, name))
                yield inner, name, listed
                yield from records(inner, seen)


def test_a_link_given_as_its_address_is_answered_with_the_shape_of_a_link(project):
    project.issue("march-2021", """\
        date: 2021-03
        subject: Test Network News – March 2021
        sections:
          - title: First section
            items:
              - title: A story
                link: https://example.org/more
    """)
    result = project.run("check", "march-2021")
    assert result.code == 1
    assert ('issues/march-2021.yaml:7:15: error format: sections[0].items[0].link: expected a set of fields (name: '
            'value), found text; write it like  link: {text: Read more, url: "https://…"}') in result.out, result.out
    # the same for an entry of a list, and in newsletter.yaml
    project.write("newsletter.yaml", "name: N\nsender: Test Network\ncontacts:\n  - Cat\n")
    result = project.run("check", "march-2021")
    assert result.code == 1
    assert ("newsletter.yaml:2:9: error format: sender: expected a set of fields (name: value), found text; write it "
            'like  sender: {name: Our Network, organisation: Our Trust, address: "1 High Street, York YO1 7HH"}'
            in result.out), result.out
    assert ("newsletter.yaml:4:5: error format: contacts[0]: expected a set of fields (name: value), found text; "
            "write it like  - {name: Cat, email: cat@example.org}") in result.out, result.out


def test_a_whole_file_that_is_not_a_set_of_fields_is_told_so_as_before(project):
    project.issue("march-2021", "- just\n- a list\n")
    result = project.run("check", "march-2021")
    assert "issues/march-2021.yaml:1:1: error format: expected a set of fields (name: value), found a list" \
        in result.out and "write it like" not in result.out, result.out


@pytest.mark.parametrize("cls, name, listed", list(records()), ids=lambda value: getattr(value, "__name__", value))
def test_every_shape_shown_is_yaml_of_the_fields_it_names(cls, name, listed):
    where = f"sections[0].{name}[1]" if listed else f"theme.{name}"
    written = shape_of(cls, where)
    read = yaml.safe_load(written)
    shown = read[0] if listed else read[name]
    assert isinstance(shown, dict), written
    required = {field for field in field_types(cls) if _required(cls, field)}
    assert required <= set(shown) <= set(field_types(cls)), written
    assert "…" not in shown.values() or not required, written  # every required field has its example


def test_every_set_of_fields_of_the_format_is_covered():
    assert {cls.__name__ for cls, _, _ in records()} == {"Section", "Item", "Image", "Quote", "Link", "Sender",
                                                         "Contact", "Theme", "Mailchimp"}
