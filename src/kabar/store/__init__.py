"""Shell: where articles, stories and rejections live (SQLite by default)."""
