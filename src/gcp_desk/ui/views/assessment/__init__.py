"""The assessment workspace, where a practitioner grades a child's care and writes up the visits."""

from .workspace import AssessmentWorkspace

__all__ = ["AssessmentWorkspace"]
