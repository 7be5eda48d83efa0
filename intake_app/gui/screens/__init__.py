"""The kiosk screens, one module each: each shows what it is given and reports requests."""
