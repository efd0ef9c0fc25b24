"""API of the attendance slice: viewsets, registered by `register`."""


def register(router) -> None:
    """Add this slice's viewsets to the app's router."""
