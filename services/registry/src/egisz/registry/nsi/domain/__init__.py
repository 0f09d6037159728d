"""Reference books' domain: a dictionary, its versions and entries, what a new version changes.
Pure."""
