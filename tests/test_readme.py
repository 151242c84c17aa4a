"""The README's examples are what lacnews prints today: each is run as written."""

from __future__ import annotations

import re

from conftest import REPO

EXAMPLE = re.compile(r"```yaml\n# (issues/[a-z0-9-]+\.yaml)\n(.*?)```\n\n```\n\$ lacnews (check [a-z0-9-]+)\n(.*?)```",
                     re.DOTALL)


def test_the_check_example_prints_what_the_readme_shows(lac):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    examples = EXAMPLE.findall(readme)
    assert examples, "the README's check example is gone"
    for path, issue, command, printed in examples:
        lac.write(path, issue)
        result = lac.run(*command.split())
        assert result.out == printed, f"README shows:\n{printed}\ncheck prints:\n{result.out}"
