"""Domain services: the only code that changes D-TROs, revisions and approvals."""
