"""Small base modules every floor stands on: errors and places, limits, the project and its format,
dates, languages and lacnews's own words, colours, the cache, files and bounded fetching."""
