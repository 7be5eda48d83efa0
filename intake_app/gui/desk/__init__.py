"""The staff desk: the nurse's and records clerk's station."""
