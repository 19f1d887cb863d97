"""The staff area of the site."""
