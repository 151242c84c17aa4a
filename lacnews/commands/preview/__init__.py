"""`lacnews preview`: the issues watched and composed again on save, and the local server showing them."""
