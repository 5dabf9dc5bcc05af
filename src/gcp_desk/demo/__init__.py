"""The invented caseload for demonstrations, training, benchmarks and the self-test: children, families, their
assessments in every state, and the accounts to sign in with. Every name and detail is made up."""
