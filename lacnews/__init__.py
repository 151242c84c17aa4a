"""lacnews: compose a Mailchimp-ready newsletter from YAML issue files."""

__version__ = "0.2.0"
