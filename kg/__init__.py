"""kg: knowledge graphs from Chinese local news."""
