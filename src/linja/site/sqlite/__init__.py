"""The SQLite database backend of the embedded default (:mod:`.base`)."""
