"""Staff pages: the desk, the branch lists (hold shelf, pull list, transit) and patrons.

Views only translate between requests and the services; access is checked in access.py.
"""
