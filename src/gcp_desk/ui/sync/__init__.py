"""The window's sync status (``status_bar``) and its side-by-side conflict dialog (``conflict_dialog``)."""
