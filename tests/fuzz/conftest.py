from tests.fixtures.members import register_member  # noqa: F401
