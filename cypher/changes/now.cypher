// The database's clock: replicas compare change times against it, never against their own clocks.
RETURN timestamp() AS now
