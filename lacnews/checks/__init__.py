"""The rules of `lacnews check`: findings, the rules by family, and link checking."""
