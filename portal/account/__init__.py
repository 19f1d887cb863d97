"""A person's own account: password, email, certificate name, sessions."""
