"""Forms of requests_app: filing, tracking, staff pages, catalogue admin, sign-in."""
