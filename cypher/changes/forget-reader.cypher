// A replica that stops holds the log back no longer.
MATCH (r:ChangeReader {origin: $origin})
DELETE r
