"""lacnews: compose a Mailchimp-ready newsletter from YAML issue files."""

__version__ = "0.1.0"
