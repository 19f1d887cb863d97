"""People: accounts, roles, invitations, password links and the audit log."""
