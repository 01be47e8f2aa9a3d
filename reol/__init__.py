"""reol: one platform for a Danish public library."""
