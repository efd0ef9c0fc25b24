"""Serializer fields shared by the apps' API inputs."""

from rest_framework import serializers

# The largest primary key (BigAutoField) the databases hold; a larger number names no row and
# would overflow the database driver (SQLite) instead of being refused.
ID_MAX = 2**63 - 1


class IdField(serializers.IntegerField):
    """The id of a row named in an input: a whole number from 1 to ``ID_MAX`` (others are a 400)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)
