"""Text in every form an editor's words take: Markdown, plain text, HTML to Markdown, paste damage,
spelling, merge tags and characters. Pure functions over strings; nothing here reads an issue."""
