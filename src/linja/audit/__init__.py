"""The audit log: who changed what and who looked at whose contacts, when and from where.

Built on django-auditlog (its ``LogEntry``); this app registers Linja's models, records
where a change came from, keeps the log append-only, and gives administrators a page to
search and export it (docs/audit.md).
"""
