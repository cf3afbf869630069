"""A local simulator of Snom's SRAPS REST API, for tests and demos of sraps.provisioning.

It follows the project's API contract (docs in README.md); never point production tooling at it.
"""

__version__ = "1.0.0"
