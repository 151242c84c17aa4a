"""Outputs: each module takes a composed issue and makes one thing from it — files, a page, a message.

An output depends on the composed issue and the pipeline below it, never on
another output, so a new one (a second language, a mailing tool's API) is one
new module here.
"""
