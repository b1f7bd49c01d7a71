"""A local emulator of the Street Manager V6 API subset the portal uses (tests, embedded run)."""
