"""`lacnews check`: an issue's findings, printed and counted, after repairing paste damage with --fix."""
