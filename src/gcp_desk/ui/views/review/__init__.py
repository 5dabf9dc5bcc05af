"""Supervision: the supervisor's review queue, and the words and steps the assessment workspace uses to review."""
