"""The practice core: what every front end shares. No UI here."""
