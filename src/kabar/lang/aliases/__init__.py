"""Alias tables: countries, capitals, organisations and the rules that read them (TOML)."""
