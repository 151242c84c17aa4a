"""The commands' work: one module per verb; the CLI parses and calls them."""
