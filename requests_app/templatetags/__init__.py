"""Template tags of requests_app."""
