"""Applying to the programme: the call, the form, the applicant's own page."""
