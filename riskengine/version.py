"""The version of riskengine (plugins check theirs against it: ``RISKENGINE_REQUIRES``)."""

__version__ = "0.4.0"
