"""The JSON API under /api/v1/ (Django Ninja): OpenAPI at /api/v1/openapi.json, docs at
/api/v1/docs, hashed tokens for machine clients and the session for the browser."""
