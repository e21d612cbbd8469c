"""What people read: the Jinja2 scorecard pages and emails. Reads the ledger, never writes it."""
