"""The editor's YAML: read with the place of every value, mistakes explained where they are made."""
