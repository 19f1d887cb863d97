"""The public area of the site."""
