"""The OAuth server reol runs: the token endpoint with two grants, revocation (RFC 7009) and
bearer-token checks. oauthlib's full `Server` would also offer the authorisation-code and
refresh-token grants; the apps need neither (the national log-in gives them a token, the
site asks for a new one when it expires), and a grant that is not there cannot be misused."""

from typing import Any

from oauthlib.oauth2 import (
    BearerToken,
    ClientCredentialsGrant,
    ResourceEndpoint,
    ResourceOwnerPasswordCredentialsGrant,
    RevocationEndpoint,
    TokenEndpoint,
)


class Server(TokenEndpoint, ResourceEndpoint, RevocationEndpoint):
    def __init__(self, request_validator: Any, token_expires_in: Any = None,
                 token_generator: Any = None, refresh_token_generator: Any = None,
                 **kwargs: Any) -> None:
        bearer = BearerToken(request_validator, token_generator, token_expires_in,
                             refresh_token_generator)
        grants = {
            "client_credentials": ClientCredentialsGrant(request_validator),
            # No refresh token with a patron's token: it would outlive the PIN check.
            "password": ResourceOwnerPasswordCredentialsGrant(request_validator,
                                                              refresh_token=False),
        }
        TokenEndpoint.__init__(self, default_grant_type="client_credentials",
                               grant_types=grants, default_token_type=bearer)
        ResourceEndpoint.__init__(self, default_token="Bearer", token_types={"Bearer": bearer})
        RevocationEndpoint.__init__(self, request_validator,
                                    supported_token_types=["access_token"])
