"""OAuth 2.0 as the libraries' own apps use it: POST /oauth/token gives a registered client a
library-level token (client credentials) or a patron-level one (card and PIN, the password
grant); the FBS, catalogue and e-book doors read the caller from the token (auth.py), and
GET /userinfo says who the patron is. The protocol is django-oauth-toolkit's and oauthlib's;
this app only says whose tokens they are."""
