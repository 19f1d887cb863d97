"""The quiz area of the site."""
