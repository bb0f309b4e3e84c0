"""kabar: a self-hosted news story engine, Indonesian first."""

__version__ = "0.1.0"
