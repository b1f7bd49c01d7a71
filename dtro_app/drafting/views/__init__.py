"""Creating and editing D-TROs: guided form, JSON editor with live validation, upload, revoke.

Views parse input and call the drafting services; every save is a revision (valid or not).
"""
