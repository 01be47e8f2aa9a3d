"""Guessing does not pay: attempts at PINs and passwords, limited per account and per source."""
