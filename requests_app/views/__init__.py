"""Views of requests_app: catalogue, filing, tracking, citizen sign-in, staff pages."""
