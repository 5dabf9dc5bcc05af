"""Use cases. Each opens one transaction, checks the rules, writes the audit trail and returns domain objects."""
