"""Every read of the disclosure app, with its permissions, by part (documents, requests,
reports)."""
