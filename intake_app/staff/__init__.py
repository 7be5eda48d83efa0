"""Staff accounts: people, roles, passwords and tablet PINs, log-in and lock-out (no Qt).

- ``rules``: what a user name, a name, roles, a password and a PIN must be, and
  their Argon2id hashes;
- ``sign_in``: ``log_in`` with a password, ``unlock_with_pin`` on a tablet, the
  lock-out after wrong tries in a row;
- ``manage``: adding people, deactivating and reactivating them, resetting and
  changing passwords, setting a PIN, and ``needs_first_admin``;
- ``audit``: the account events written to the audit trail.

The functions work in the caller's session and do not commit: the caller commits
once, also after a refused log-in (its wrong try must be kept).
"""
