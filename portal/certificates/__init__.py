"""The certificates area of the site."""
