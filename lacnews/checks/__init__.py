"""The rules of `lacnews check`: ``registry`` (every id, its level and what it checks, and the running of
the rules), ``context`` (what a rule is and what it reads), the rules by family (``email``, ``merge_tags``,
``content``, ``links_in_text``, ``pictures``, ``words``, ``languages``, ``look``), ``findings`` and
``links`` (fetching every address, with --links)."""
