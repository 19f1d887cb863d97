"""Two-step sign-in (TOTP and recovery codes): set-up, the code step of signing in,
the rule that some people must use it, and an administrator's reset."""
