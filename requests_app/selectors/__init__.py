"""Every non-trivial read of requests_app, one module per concern."""
