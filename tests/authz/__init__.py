"""The authorization matrix (tests/test_authorization_matrix.py): routes, the world, the registry, the checks."""
