"""The auth area of the site."""
