"""App assembly: lifespan, middleware, error answers, limits, health, metrics, web app."""
