"""Chart figures (matplotlib, no pyplot, no Qt), shared by the screen and the PDF."""
