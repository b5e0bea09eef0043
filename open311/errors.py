"""The one exception the API turns into a GeoReport v2 error body."""


class Open311Error(Exception):
    """Answer `status` with one {code, description} per description."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = list(descriptions)
