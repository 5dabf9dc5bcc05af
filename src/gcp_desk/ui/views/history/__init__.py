"""The child record's history tabs: chronology, compare, charts, plan, family view and household; and the words the
caseload uses for why a child needs attention."""
