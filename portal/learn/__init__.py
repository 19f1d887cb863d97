"""The learn area of the site."""
