"""GCP Desk: grade a child's care across six neglect domains and follow it over time."""

__version__ = "0.1.0"
