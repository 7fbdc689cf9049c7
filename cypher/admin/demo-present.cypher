// Whether the demo world seeded by `npm start` (users user-<n>, media media-<n>) is in the database.
RETURN EXISTS { MATCH (:User {id: 'user-0'}) } AND EXISTS { MATCH (:Media {id: 'media-0'}) } AS present
