"""The Django site: settings from the environment, URLs, the ASGI application."""
